/* model/win/layout.h — every Windows structure offset, size and symbol that
 * leakscope reads or mkdump writes, resolved once from a profile.
 *
 * The lists below are the single source of names: the built-in profile
 * (model/profile_builtin.c) holds exactly these, the reader and the
 * generator use the resolved struct win_layout, and a test compares the
 * built-in values with the ISF files. A missing REQ name fails resolution
 * with its name; an OPT name resolves to -1 (e.g. Win11-only fields).
 *
 * !vm mapping (by field name; both reader and generator follow it):
 *   physical pages    MiSystemPartition.Vp.NumberOfPhysicalPages
 *   available pages   MiSystemPartition.Vp.AvailablePages
 *   resavail pages    MiSystemPartition.Vp.ResidentAvailablePages
 *   nonpaged used     MiState.Pools.AllocatedNonPagedPool           (pages)
 *   nonpaged max      MiState.Vs.MaximumNonPagedPoolInPages         (pages)
 *   paged used        MiState.Vs.PagedPoolInfo.AllocatedPagedPool   (pages)
 *   paged max         MiState.Vs.SizeOfPagedPoolInPages             (pages)
 *   committed         MiSystemPartition.Vp.TotalCommittedPages
 *   commit limit      MiSystemPartition.Vp.TotalCommitLimit
 *   failed allocs     ExPoolFailures (ULONG)
 */
#ifndef LS_WIN_LAYOUT_H
#define LS_WIN_LAYOUT_H

#include <stdint.h>

#include "../profile.h"
#include "../status.h"

#define WIN_REQ 1
#define WIN_OPT 0

/* X(member, "Struct.Field[.Sub]", WIN_REQ|WIN_OPT) */
#define WIN_FIELD_LIST(X)                                                          \
	X(list_flink,              "_LIST_ENTRY.Flink", WIN_REQ)                    \
	X(list_blink,              "_LIST_ENTRY.Blink", WIN_REQ)                    \
	X(ustr_length,             "_UNICODE_STRING.Length", WIN_REQ)               \
	X(ustr_maxlength,          "_UNICODE_STRING.MaximumLength", WIN_REQ)        \
	X(ustr_buffer,             "_UNICODE_STRING.Buffer", WIN_REQ)               \
	X(kproc_header,            "_KPROCESS.Header", WIN_REQ)                     \
	X(kproc_dtb,               "_KPROCESS.DirectoryTableBase", WIN_REQ)         \
	X(kproc_thread_list,       "_KPROCESS.ThreadListHead", WIN_REQ)             \
	X(kproc_user_dtb,          "_KPROCESS.UserDirectoryTableBase", WIN_OPT)     \
	X(eproc_pid,               "_EPROCESS.UniqueProcessId", WIN_REQ)            \
	X(eproc_links,             "_EPROCESS.ActiveProcessLinks", WIN_REQ)         \
	X(eproc_create_time,       "_EPROCESS.CreateTime", WIN_REQ)                 \
	X(eproc_exit_time,         "_EPROCESS.ExitTime", WIN_REQ)                   \
	X(eproc_ppid,              "_EPROCESS.InheritedFromUniqueProcessId", WIN_REQ) \
	X(eproc_peb,               "_EPROCESS.Peb", WIN_REQ)                        \
	X(eproc_session,           "_EPROCESS.Session", WIN_REQ)                    \
	X(eproc_object_table,      "_EPROCESS.ObjectTable", WIN_REQ)                \
	X(eproc_wow64,             "_EPROCESS.WoW64Process", WIN_OPT)               \
	X(eproc_image_name,        "_EPROCESS.ImageFileName", WIN_REQ)              \
	X(eproc_thread_list,       "_EPROCESS.ThreadListHead", WIN_REQ)             \
	X(eproc_active_threads,    "_EPROCESS.ActiveThreads", WIN_REQ)              \
	X(eproc_token,             "_EPROCESS.Token", WIN_OPT)                      \
	X(session_id,              "_MM_SESSION_SPACE.SessionId", WIN_REQ)          \
	X(disp_type,               "_DISPATCHER_HEADER.Type", WIN_REQ)              \
	X(kthr_initial_stack,      "_KTHREAD.InitialStack", WIN_REQ)                \
	X(kthr_stack_limit,        "_KTHREAD.StackLimit", WIN_REQ)                  \
	X(kthr_stack_base,         "_KTHREAD.StackBase", WIN_REQ)                   \
	X(kthr_kernel_stack,       "_KTHREAD.KernelStack", WIN_REQ)                 \
	X(kthr_apc_process,        "_KTHREAD.ApcState.Process", WIN_OPT)            \
	X(kthr_priority,           "_KTHREAD.Priority", WIN_REQ)                    \
	X(kthr_teb,                "_KTHREAD.Teb", WIN_REQ)                         \
	X(kthr_context_switches,   "_KTHREAD.ContextSwitches", WIN_REQ)             \
	X(kthr_state,              "_KTHREAD.State", WIN_REQ)                       \
	X(kthr_wait_mode,          "_KTHREAD.WaitMode", WIN_OPT)                    \
	X(kthr_wait_time,          "_KTHREAD.WaitTime", WIN_REQ)                    \
	X(kthr_win32_thread,       "_KTHREAD.Win32Thread", WIN_REQ)                 \
	X(kthr_process,            "_KTHREAD.Process", WIN_REQ)                     \
	X(kthr_base_priority,      "_KTHREAD.BasePriority", WIN_REQ)                \
	X(kthr_priority_decrement, "_KTHREAD.PriorityDecrement", WIN_REQ)           \
	X(kthr_wait_reason,        "_KTHREAD.WaitReason", WIN_REQ)                  \
	X(kthr_kernel_time,        "_KTHREAD.KernelTime", WIN_REQ)                  \
	X(kthr_user_time,          "_KTHREAD.UserTime", WIN_REQ)                    \
	X(kthr_list_entry,         "_KTHREAD.ThreadListEntry", WIN_REQ)             \
	X(ethr_create_time,        "_ETHREAD.CreateTime", WIN_REQ)                  \
	X(ethr_exit_time,          "_ETHREAD.ExitTime", WIN_REQ)                    \
	X(ethr_start_address,      "_ETHREAD.StartAddress", WIN_REQ)                \
	X(ethr_cid,                "_ETHREAD.Cid", WIN_REQ)                         \
	X(ethr_win32_start,        "_ETHREAD.Win32StartAddress", WIN_REQ)           \
	X(ethr_list_entry,         "_ETHREAD.ThreadListEntry", WIN_REQ)             \
	X(ethr_cross_flags,        "_ETHREAD.CrossThreadFlags", WIN_REQ)            \
	X(ethr_exit_status,        "_ETHREAD.ExitStatus", WIN_OPT)                  \
	X(cid_process,             "_CLIENT_ID.UniqueProcess", WIN_REQ)             \
	X(cid_thread,              "_CLIENT_ID.UniqueThread", WIN_REQ)              \
	X(ht_next_handle,          "_HANDLE_TABLE.NextHandleNeedingPool", WIN_REQ)  \
	X(ht_table_code,           "_HANDLE_TABLE.TableCode", WIN_REQ)              \
	X(ht_quota_process,        "_HANDLE_TABLE.QuotaProcess", WIN_REQ)           \
	X(ht_list,                 "_HANDLE_TABLE.HandleTableList", WIN_REQ)        \
	X(ht_pid,                  "_HANDLE_TABLE.UniqueProcessId", WIN_REQ)        \
	X(ht_free_lists,           "_HANDLE_TABLE.FreeLists", WIN_REQ)              \
	X(ht_debug_info,           "_HANDLE_TABLE.DebugInfo", WIN_REQ)              \
	X(htfl_handle_count,       "_HANDLE_TABLE_FREE_LIST.HandleCount", WIN_REQ)  \
	X(hte_low,                 "_HANDLE_TABLE_ENTRY.LowValue", WIN_REQ)         \
	X(hte_high,                "_HANDLE_TABLE_ENTRY.HighValue", WIN_REQ)        \
	X(hte_unlocked,            "_HANDLE_TABLE_ENTRY.Unlocked", WIN_REQ)         \
	X(hte_refcnt,              "_HANDLE_TABLE_ENTRY.RefCnt", WIN_REQ)           \
	X(hte_attributes,          "_HANDLE_TABLE_ENTRY.Attributes", WIN_REQ)       \
	X(hte_object_bits,         "_HANDLE_TABLE_ENTRY.ObjectPointerBits", WIN_REQ) \
	X(hte_access,              "_HANDLE_TABLE_ENTRY.GrantedAccessBits", WIN_REQ) \
	X(oh_pointer_count,        "_OBJECT_HEADER.PointerCount", WIN_REQ)          \
	X(oh_handle_count,         "_OBJECT_HEADER.HandleCount", WIN_REQ)           \
	X(oh_type_index,           "_OBJECT_HEADER.TypeIndex", WIN_REQ)             \
	X(oh_info_mask,            "_OBJECT_HEADER.InfoMask", WIN_REQ)              \
	X(oh_flags,                "_OBJECT_HEADER.Flags", WIN_REQ)                 \
	X(oh_body,                 "_OBJECT_HEADER.Body", WIN_REQ)                  \
	X(ohci_creator_pid,        "_OBJECT_HEADER_CREATOR_INFO.CreatorUniqueProcess", WIN_REQ) \
	X(ohni_directory,          "_OBJECT_HEADER_NAME_INFO.Directory", WIN_REQ)   \
	X(ohni_name,               "_OBJECT_HEADER_NAME_INFO.Name", WIN_REQ)        \
	X(ohhi_single_entry,       "_OBJECT_HEADER_HANDLE_INFO.SingleEntry", WIN_REQ) \
	X(ohqi_paged_charge,       "_OBJECT_HEADER_QUOTA_INFO.PagedPoolCharge", WIN_REQ) \
	X(ohqi_nonpaged_charge,    "_OBJECT_HEADER_QUOTA_INFO.NonPagedPoolCharge", WIN_REQ) \
	X(ot_name,                 "_OBJECT_TYPE.Name", WIN_REQ)                    \
	X(ot_index,                "_OBJECT_TYPE.Index", WIN_REQ)                   \
	X(ot_total_objects,        "_OBJECT_TYPE.TotalNumberOfObjects", WIN_REQ)    \
	X(ot_total_handles,        "_OBJECT_TYPE.TotalNumberOfHandles", WIN_REQ)    \
	X(ot_high_objects,         "_OBJECT_TYPE.HighWaterNumberOfObjects", WIN_REQ) \
	X(ot_high_handles,         "_OBJECT_TYPE.HighWaterNumberOfHandles", WIN_REQ) \
	X(ot_pool_type,            "_OBJECT_TYPE.TypeInfo.PoolType", WIN_REQ)       \
	X(ot_key,                  "_OBJECT_TYPE.Key", WIN_REQ)                     \
	X(od_buckets,              "_OBJECT_DIRECTORY.HashBuckets", WIN_REQ)        \
	X(ode_chain,               "_OBJECT_DIRECTORY_ENTRY.ChainLink", WIN_REQ)    \
	X(ode_object,              "_OBJECT_DIRECTORY_ENTRY.Object", WIN_REQ)       \
	X(ode_hash,                "_OBJECT_DIRECTORY_ENTRY.HashValue", WIN_REQ)    \
	X(ph_previous_size,        "_POOL_HEADER.PreviousSize", WIN_REQ)            \
	X(ph_pool_index,           "_POOL_HEADER.PoolIndex", WIN_REQ)               \
	X(ph_block_size,           "_POOL_HEADER.BlockSize", WIN_REQ)               \
	X(ph_pool_type,            "_POOL_HEADER.PoolType", WIN_REQ)                \
	X(ph_tag,                  "_POOL_HEADER.PoolTag", WIN_REQ)                 \
	X(ptt_key,                 "_POOL_TRACKER_TABLE.Key", WIN_REQ)              \
	X(ptt_np_bytes,            "_POOL_TRACKER_TABLE.NonPagedBytes", WIN_REQ)    \
	X(ptt_np_allocs,           "_POOL_TRACKER_TABLE.NonPagedAllocs", WIN_REQ)   \
	X(ptt_np_frees,            "_POOL_TRACKER_TABLE.NonPagedFrees", WIN_REQ)    \
	X(ptt_p_bytes,             "_POOL_TRACKER_TABLE.PagedBytes", WIN_REQ)       \
	X(ptt_p_allocs,            "_POOL_TRACKER_TABLE.PagedAllocs", WIN_REQ)      \
	X(ptt_p_frees,             "_POOL_TRACKER_TABLE.PagedFrees", WIN_REQ)       \
	X(pbp_va,                  "_POOL_TRACKER_BIG_PAGES.Va", WIN_REQ)           \
	X(pbp_key,                 "_POOL_TRACKER_BIG_PAGES.Key", WIN_REQ)          \
	X(pbp_bytes,               "_POOL_TRACKER_BIG_PAGES.NumberOfBytes", WIN_REQ) \
	X(kldr_links,              "_KLDR_DATA_TABLE_ENTRY.InLoadOrderLinks", WIN_REQ) \
	X(kldr_dll_base,           "_KLDR_DATA_TABLE_ENTRY.DllBase", WIN_REQ)       \
	X(kldr_entry_point,        "_KLDR_DATA_TABLE_ENTRY.EntryPoint", WIN_REQ)    \
	X(kldr_size,               "_KLDR_DATA_TABLE_ENTRY.SizeOfImage", WIN_REQ)   \
	X(kldr_full_name,          "_KLDR_DATA_TABLE_ENTRY.FullDllName", WIN_REQ)   \
	X(kldr_base_name,          "_KLDR_DATA_TABLE_ENTRY.BaseDllName", WIN_REQ)   \
	X(peb_being_debugged,      "_PEB.BeingDebugged", WIN_REQ)                   \
	X(peb_image_base,          "_PEB.ImageBaseAddress", WIN_REQ)                \
	X(peb_ldr,                 "_PEB.Ldr", WIN_REQ)                             \
	X(peb_params,              "_PEB.ProcessParameters", WIN_REQ)               \
	X(peb_process_heap,        "_PEB.ProcessHeap", WIN_REQ)                     \
	X(peb_global_flag,         "_PEB.NtGlobalFlag", WIN_REQ)                    \
	X(peb_number_of_heaps,     "_PEB.NumberOfHeaps", WIN_REQ)                   \
	X(peb_os_major,            "_PEB.OSMajorVersion", WIN_REQ)                  \
	X(peb_os_minor,            "_PEB.OSMinorVersion", WIN_REQ)                  \
	X(peb_os_build,            "_PEB.OSBuildNumber", WIN_REQ)                   \
	X(peb_session_id,          "_PEB.SessionId", WIN_REQ)                       \
	X(pldr_load_order,         "_PEB_LDR_DATA.InLoadOrderModuleList", WIN_REQ)  \
	X(ldr_links,               "_LDR_DATA_TABLE_ENTRY.InLoadOrderLinks", WIN_REQ) \
	X(ldr_dll_base,            "_LDR_DATA_TABLE_ENTRY.DllBase", WIN_REQ)        \
	X(ldr_size,                "_LDR_DATA_TABLE_ENTRY.SizeOfImage", WIN_REQ)    \
	X(ldr_full_name,           "_LDR_DATA_TABLE_ENTRY.FullDllName", WIN_REQ)    \
	X(ldr_base_name,           "_LDR_DATA_TABLE_ENTRY.BaseDllName", WIN_REQ)    \
	X(upp_image_path,          "_RTL_USER_PROCESS_PARAMETERS.ImagePathName", WIN_REQ) \
	X(upp_command_line,        "_RTL_USER_PROCESS_PARAMETERS.CommandLine", WIN_REQ) \
	X(htdi_table_size,         "_HANDLE_TRACE_DEBUG_INFO.TableSize", WIN_REQ)   \
	X(htdi_flags,              "_HANDLE_TRACE_DEBUG_INFO.BitMaskFlags", WIN_REQ) \
	X(htdi_current,            "_HANDLE_TRACE_DEBUG_INFO.CurrentStackIndex", WIN_REQ) \
	X(htdi_trace_db,           "_HANDLE_TRACE_DEBUG_INFO.TraceDb", WIN_REQ)     \
	X(htdb_client_id,          "_HANDLE_TRACE_DB_ENTRY.ClientId", WIN_REQ)      \
	X(htdb_handle,             "_HANDLE_TRACE_DB_ENTRY.Handle", WIN_REQ)        \
	X(htdb_type,               "_HANDLE_TRACE_DB_ENTRY.Type", WIN_REQ)          \
	X(htdb_stack,              "_HANDLE_TRACE_DB_ENTRY.StackTrace", WIN_REQ)    \
	X(kusd_tick_multiplier,    "_KUSER_SHARED_DATA.TickCountMultiplier", WIN_REQ) \
	X(kusd_system_time,        "_KUSER_SHARED_DATA.SystemTime", WIN_REQ)        \
	X(kusd_nt_system_root,     "_KUSER_SHARED_DATA.NtSystemRoot", WIN_REQ)      \
	X(kusd_build_number,       "_KUSER_SHARED_DATA.NtBuildNumber", WIN_REQ)     \
	X(kusd_product_type,       "_KUSER_SHARED_DATA.NtProductType", WIN_REQ)     \
	X(kusd_major,              "_KUSER_SHARED_DATA.NtMajorVersion", WIN_REQ)    \
	X(kusd_minor,              "_KUSER_SHARED_DATA.NtMinorVersion", WIN_REQ)    \
	X(kusd_phys_pages,         "_KUSER_SHARED_DATA.NumberOfPhysicalPages", WIN_REQ) \
	X(kusd_tick_count,         "_KUSER_SHARED_DATA.TickCount", WIN_REQ)         \
	X(kusd_cpu_count,          "_KUSER_SHARED_DATA.ActiveProcessorCount", WIN_REQ) \
	X(msi_pools,               "_MI_SYSTEM_INFORMATION.Pools", WIN_REQ)         \
	X(msi_vs,                  "_MI_SYSTEM_INFORMATION.Vs", WIN_REQ)            \
	X(mps_max_np_threshold,    "_MI_POOL_STATE.MaximumNonPagedPoolThreshold", WIN_REQ) \
	X(mps_allocated_np,        "_MI_POOL_STATE.AllocatedNonPagedPool", WIN_REQ) \
	X(mvs_paged_max,           "_MI_VISIBLE_STATE.PagedPoolInfo.MaximumSize", WIN_REQ) \
	X(mvs_paged_allocated,     "_MI_VISIBLE_STATE.PagedPoolInfo.AllocatedPagedPool", WIN_REQ) \
	X(mvs_max_np_pages,        "_MI_VISIBLE_STATE.MaximumNonPagedPoolInPages", WIN_REQ) \
	X(mvs_paged_size_pages,    "_MI_VISIBLE_STATE.SizeOfPagedPoolInPages", WIN_REQ) \
	X(mvs_np_commit,           "_MI_VISIBLE_STATE.NonPagedPoolCommit", WIN_REQ) \
	X(mvs_driver_commit,       "_MI_VISIBLE_STATE.DriverCommit", WIN_REQ)       \
	X(mvs_process_commit,      "_MI_VISIBLE_STATE.ProcessCommit", WIN_REQ)      \
	X(mpart_commit,            "_MI_PARTITION.Commit", WIN_REQ)                 \
	X(mpart_vp,                "_MI_PARTITION.Vp", WIN_REQ)                     \
	X(mvp_phys_pages,          "_MI_VISIBLE_PARTITION.NumberOfPhysicalPages", WIN_REQ) \
	X(mvp_available,           "_MI_VISIBLE_PARTITION.AvailablePages", WIN_REQ) \
	X(mvp_resavail,            "_MI_VISIBLE_PARTITION.ResidentAvailablePages", WIN_REQ) \
	X(mvp_committed,           "_MI_VISIBLE_PARTITION.TotalCommittedPages", WIN_REQ) \
	X(mvp_commit_limit,        "_MI_VISIBLE_PARTITION.TotalCommitLimit", WIN_REQ) \
	X(mvp_shared_commit,       "_MI_VISIBLE_PARTITION.SharedCommit", WIN_REQ)   \
	X(kdv_major,               "_DBGKD_GET_VERSION64.MajorVersion", WIN_REQ)    \
	X(kdv_minor,               "_DBGKD_GET_VERSION64.MinorVersion", WIN_REQ)    \
	X(kdv_machine,             "_DBGKD_GET_VERSION64.MachineType", WIN_REQ)     \
	X(kdv_kern_base,           "_DBGKD_GET_VERSION64.KernBase", WIN_REQ)        \
	X(kdv_module_list,         "_DBGKD_GET_VERSION64.PsLoadedModuleList", WIN_REQ)

/* X(member, "_STRUCT", WIN_REQ|WIN_OPT) */
#define WIN_SIZE_LIST(X)                                                   \
	X(list_entry,        "_LIST_ENTRY", WIN_REQ)                        \
	X(unicode_string,    "_UNICODE_STRING", WIN_REQ)                    \
	X(eprocess,          "_EPROCESS", WIN_REQ)                          \
	X(kthread,           "_KTHREAD", WIN_REQ)                           \
	X(ethread,           "_ETHREAD", WIN_REQ)                           \
	X(mm_session_space,  "_MM_SESSION_SPACE", WIN_REQ)                  \
	X(handle_table,      "_HANDLE_TABLE", WIN_REQ)                      \
	X(handle_table_entry, "_HANDLE_TABLE_ENTRY", WIN_REQ)               \
	X(handle_free_list,  "_HANDLE_TABLE_FREE_LIST", WIN_REQ)            \
	X(object_header,     "_OBJECT_HEADER", WIN_REQ)                     \
	X(oh_creator_info,   "_OBJECT_HEADER_CREATOR_INFO", WIN_REQ)        \
	X(oh_name_info,      "_OBJECT_HEADER_NAME_INFO", WIN_REQ)           \
	X(oh_handle_info,    "_OBJECT_HEADER_HANDLE_INFO", WIN_REQ)         \
	X(oh_quota_info,     "_OBJECT_HEADER_QUOTA_INFO", WIN_REQ)          \
	X(oh_process_info,   "_OBJECT_HEADER_PROCESS_INFO", WIN_REQ)        \
	X(oh_audit_info,     "_OBJECT_HEADER_AUDIT_INFO", WIN_REQ)          \
	X(oh_extended_info,  "_OBJECT_HEADER_EXTENDED_INFO", WIN_REQ)       \
	X(oh_padding_info,   "_OBJECT_HEADER_PADDING_INFO", WIN_REQ)        \
	X(object_type,       "_OBJECT_TYPE", WIN_REQ)                       \
	X(object_directory,  "_OBJECT_DIRECTORY", WIN_REQ)                  \
	X(object_dir_entry,  "_OBJECT_DIRECTORY_ENTRY", WIN_REQ)            \
	X(pool_header,       "_POOL_HEADER", WIN_REQ)                       \
	X(pool_tracker,      "_POOL_TRACKER_TABLE", WIN_REQ)                \
	X(pool_big_page,     "_POOL_TRACKER_BIG_PAGES", WIN_REQ)            \
	X(kldr_entry,        "_KLDR_DATA_TABLE_ENTRY", WIN_REQ)             \
	X(ldr_entry,         "_LDR_DATA_TABLE_ENTRY", WIN_REQ)              \
	X(peb,               "_PEB", WIN_REQ)                               \
	X(peb_ldr_data,      "_PEB_LDR_DATA", WIN_REQ)                      \
	X(trace_debug_info,  "_HANDLE_TRACE_DEBUG_INFO", WIN_REQ)           \
	X(trace_db_entry,    "_HANDLE_TRACE_DB_ENTRY", WIN_REQ)             \
	X(kuser_shared_data, "_KUSER_SHARED_DATA", WIN_REQ)                 \
	X(mi_system_info,    "_MI_SYSTEM_INFORMATION", WIN_REQ)             \
	X(mi_partition,      "_MI_PARTITION", WIN_REQ)                      \
	X(kd_version,        "_DBGKD_GET_VERSION64", WIN_REQ)

/* X(member, "Symbol", WIN_REQ|WIN_OPT) — values are RVAs from the kernel base */
#define WIN_SYMBOL_LIST(X)                                                 \
	X(PsActiveProcessHead,         "PsActiveProcessHead", WIN_REQ)      \
	X(PsInitialSystemProcess,      "PsInitialSystemProcess", WIN_REQ)   \
	X(PsLoadedModuleList,          "PsLoadedModuleList", WIN_REQ)       \
	X(PsNtosImageBase,             "PsNtosImageBase", WIN_REQ)          \
	X(PspCidTable,                 "PspCidTable", WIN_REQ)              \
	X(HandleTableListHead,         "HandleTableListHead", WIN_REQ)      \
	X(ObpKernelHandleTable,        "ObpKernelHandleTable", WIN_REQ)     \
	X(ExpFreeListCount,            "ExpFreeListCount", WIN_REQ)         \
	X(ObTypeIndexTable,            "ObTypeIndexTable", WIN_REQ)         \
	X(ObHeaderCookie,              "ObHeaderCookie", WIN_REQ)           \
	X(ObpInfoMaskToOffset,         "ObpInfoMaskToOffset", WIN_REQ)      \
	X(ObpRootDirectoryObject,      "ObpRootDirectoryObject", WIN_REQ)   \
	X(ObpCaptureHandleInformationEx, "ObpCaptureHandleInformationEx", WIN_OPT) \
	X(PoolTrackTable,              "PoolTrackTable", WIN_REQ)           \
	X(PoolTrackTableSize,          "PoolTrackTableSize", WIN_REQ)       \
	X(PoolTrackTableExpansion,     "PoolTrackTableExpansion", WIN_REQ)  \
	X(PoolTrackTableExpansionSize, "PoolTrackTableExpansionSize", WIN_REQ) \
	X(ExPoolTagTables,             "ExPoolTagTables", WIN_REQ)          \
	X(PoolBigPageTable,            "PoolBigPageTable", WIN_REQ)         \
	X(PoolBigPageTableSize,        "PoolBigPageTableSize", WIN_REQ)     \
	X(ExPoolFailures,              "ExPoolFailures", WIN_REQ)           \
	X(MiState,                     "MiState", WIN_REQ)                  \
	X(MiSystemPartition,           "MiSystemPartition", WIN_REQ)        \
	X(MmSizeOfPagedPoolInBytes,    "MmSizeOfPagedPoolInBytes", WIN_OPT) \
	X(KdDebuggerDataBlock,         "KdDebuggerDataBlock", WIN_REQ)      \
	X(KdVersionBlock,              "KdVersionBlock", WIN_REQ)           \
	X(KeNumberProcessors,          "KeNumberProcessors", WIN_REQ)       \
	X(NtBuildNumber,               "NtBuildNumber", WIN_REQ)            \
	X(NtBuildLab,                  "NtBuildLab", WIN_REQ)               \
	X(NtGlobalFlag,                "NtGlobalFlag", WIN_REQ)             \
	X(KeMaximumIncrement,          "KeMaximumIncrement", WIN_REQ)       \
	X(MmPteBase,                   "MmPteBase", WIN_OPT)

/* Fixed facts of x64 Windows that are not in the ISF. */
#define WIN_KUSER_SHARED_DATA_VA 0xFFFFF78000000000ULL
#define WIN_THREAD_STATE_TERMINATED 4
#define WIN_TRACE_OPEN   1
#define WIN_TRACE_CLOSE  2
#define WIN_TRACE_BADREF 3
#define WIN_TRACE_STACK_DEPTH 16

struct win_layout {
#define WIN_LAYOUT_FIELD(member, name, req) struct profile_field member;
	WIN_FIELD_LIST(WIN_LAYOUT_FIELD)
#undef WIN_LAYOUT_FIELD
	struct {
#define WIN_LAYOUT_SIZE(member, name, req) int64_t member;
		WIN_SIZE_LIST(WIN_LAYOUT_SIZE)
#undef WIN_LAYOUT_SIZE
	} size;
	struct {
#define WIN_LAYOUT_SYM(member, name, req) int64_t member;
		WIN_SYMBOL_LIST(WIN_LAYOUT_SYM)
#undef WIN_LAYOUT_SYM
	} sym;
	/* _OBJECT_HEADER optional headers, indexed by InfoMask bit (0..7):
	 * sizes in InfoMask order CREATOR, NAME, HANDLE, QUOTA, PROCESS,
	 * AUDIT, EXTENDED, PADDING. */
	int64_t opt_header_size[8];
	const struct profile *profile;
};

/* Resolve every name of the lists from p. Fails with the first missing
 * WIN_REQ name ("profile X lacks _EPROCESS.ObjectTable"). */
enum ls_status win_layout_resolve(const struct profile *p,
				  struct win_layout *ret, struct ls_err *err);

/* Offset of an optional header below the object header for info_mask, or
 * 0 if bit (0..7) is not set: the sum of the sizes of the headers whose
 * bits are set in info_mask & ((bit << 1) - 1). */
int64_t win_layout_opt_header_offset(const struct win_layout *l,
				     uint8_t info_mask, unsigned bit);

#endif
