/* model/profile_builtin.c — the built-in profile: the reference build
 * Windows 10 x64 10.0.19041.3324, ntkrnlmp.pdb GUID
 * 06564D3477822C7D97F04852CBD5AFD6 age 1.
 *
 * It holds exactly the names of model/win/layout.h (fields with offset,
 * bit position/length and the size of the field's type; structure sizes;
 * symbol RVAs) plus the enums leakscope decodes: _KTHREAD_STATE,
 * _KWAIT_REASON and _POOL_TYPE. The values are facts of that build (its
 * PDB); tests/test_profile.c compares every entry with the build's ISF.
 * Tables are sorted by name for binary search.
 */
#include <stdlib.h>
#include <string.h>

#include "profile_isf.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* name, offset, bit position (-1: not a bitfield), bit length, size */
static const struct builtin_field builtin_fields[] = {
	{ "_CLIENT_ID.UniqueProcess", 0x0, -1, 0, 0x8 },
	{ "_CLIENT_ID.UniqueThread", 0x8, -1, 0, 0x8 },
	{ "_DBGKD_GET_VERSION64.KernBase", 0x10, -1, 0, 0x8 },
	{ "_DBGKD_GET_VERSION64.MachineType", 0x8, -1, 0, 0x2 },
	{ "_DBGKD_GET_VERSION64.MajorVersion", 0x0, -1, 0, 0x2 },
	{ "_DBGKD_GET_VERSION64.MinorVersion", 0x2, -1, 0, 0x2 },
	{ "_DBGKD_GET_VERSION64.PsLoadedModuleList", 0x18, -1, 0, 0x8 },
	{ "_DISPATCHER_HEADER.Type", 0x0, -1, 0, 0x1 },
	{ "_EPROCESS.ActiveProcessLinks", 0x448, -1, 0, 0x10 },
	{ "_EPROCESS.ActiveThreads", 0x5f0, -1, 0, 0x4 },
	{ "_EPROCESS.CreateTime", 0x468, -1, 0, 0x8 },
	{ "_EPROCESS.ExitTime", 0x840, -1, 0, 0x8 },
	{ "_EPROCESS.ImageFileName", 0x5a8, -1, 0, 0xf },
	{ "_EPROCESS.InheritedFromUniqueProcessId", 0x540, -1, 0, 0x8 },
	{ "_EPROCESS.ObjectTable", 0x570, -1, 0, 0x8 },
	{ "_EPROCESS.Peb", 0x550, -1, 0, 0x8 },
	{ "_EPROCESS.Session", 0x558, -1, 0, 0x8 },
	{ "_EPROCESS.ThreadListHead", 0x5e0, -1, 0, 0x10 },
	{ "_EPROCESS.Token", 0x4b8, -1, 0, 0x8 },
	{ "_EPROCESS.UniqueProcessId", 0x440, -1, 0, 0x8 },
	{ "_EPROCESS.WoW64Process", 0x580, -1, 0, 0x8 },
	{ "_ETHREAD.Cid", 0x478, -1, 0, 0x10 },
	{ "_ETHREAD.CreateTime", 0x430, -1, 0, 0x8 },
	{ "_ETHREAD.CrossThreadFlags", 0x510, -1, 0, 0x4 },
	{ "_ETHREAD.ExitStatus", 0x548, -1, 0, 0x4 },
	{ "_ETHREAD.ExitTime", 0x438, -1, 0, 0x8 },
	{ "_ETHREAD.StartAddress", 0x450, -1, 0, 0x8 },
	{ "_ETHREAD.ThreadListEntry", 0x4e8, -1, 0, 0x10 },
	{ "_ETHREAD.Win32StartAddress", 0x4d0, -1, 0, 0x8 },
	{ "_HANDLE_TABLE.DebugInfo", 0x60, -1, 0, 0x8 },
	{ "_HANDLE_TABLE.FreeLists", 0x40, -1, 0, 0x40 },
	{ "_HANDLE_TABLE.HandleTableList", 0x18, -1, 0, 0x10 },
	{ "_HANDLE_TABLE.NextHandleNeedingPool", 0x0, -1, 0, 0x4 },
	{ "_HANDLE_TABLE.QuotaProcess", 0x10, -1, 0, 0x8 },
	{ "_HANDLE_TABLE.TableCode", 0x8, -1, 0, 0x8 },
	{ "_HANDLE_TABLE.UniqueProcessId", 0x28, -1, 0, 0x4 },
	{ "_HANDLE_TABLE_ENTRY.Attributes", 0x0, 17, 3, 0x8 },
	{ "_HANDLE_TABLE_ENTRY.GrantedAccessBits", 0x8, 0, 25, 0x4 },
	{ "_HANDLE_TABLE_ENTRY.HighValue", 0x8, -1, 0, 0x8 },
	{ "_HANDLE_TABLE_ENTRY.LowValue", 0x0, -1, 0, 0x8 },
	{ "_HANDLE_TABLE_ENTRY.ObjectPointerBits", 0x0, 20, 44, 0x8 },
	{ "_HANDLE_TABLE_ENTRY.RefCnt", 0x0, 1, 16, 0x8 },
	{ "_HANDLE_TABLE_ENTRY.Unlocked", 0x0, 0, 1, 0x8 },
	{ "_HANDLE_TABLE_FREE_LIST.HandleCount", 0x18, -1, 0, 0x4 },
	{ "_HANDLE_TRACE_DB_ENTRY.ClientId", 0x0, -1, 0, 0x10 },
	{ "_HANDLE_TRACE_DB_ENTRY.Handle", 0x10, -1, 0, 0x8 },
	{ "_HANDLE_TRACE_DB_ENTRY.StackTrace", 0x20, -1, 0, 0x80 },
	{ "_HANDLE_TRACE_DB_ENTRY.Type", 0x18, -1, 0, 0x4 },
	{ "_HANDLE_TRACE_DEBUG_INFO.BitMaskFlags", 0x8, -1, 0, 0x4 },
	{ "_HANDLE_TRACE_DEBUG_INFO.CurrentStackIndex", 0x48, -1, 0, 0x4 },
	{ "_HANDLE_TRACE_DEBUG_INFO.TableSize", 0x4, -1, 0, 0x4 },
	{ "_HANDLE_TRACE_DEBUG_INFO.TraceDb", 0x50, -1, 0, 0xa0 },
	{ "_KLDR_DATA_TABLE_ENTRY.BaseDllName", 0x58, -1, 0, 0x10 },
	{ "_KLDR_DATA_TABLE_ENTRY.DllBase", 0x30, -1, 0, 0x8 },
	{ "_KLDR_DATA_TABLE_ENTRY.EntryPoint", 0x38, -1, 0, 0x8 },
	{ "_KLDR_DATA_TABLE_ENTRY.FullDllName", 0x48, -1, 0, 0x10 },
	{ "_KLDR_DATA_TABLE_ENTRY.InLoadOrderLinks", 0x0, -1, 0, 0x10 },
	{ "_KLDR_DATA_TABLE_ENTRY.SizeOfImage", 0x40, -1, 0, 0x4 },
	{ "_KPROCESS.DirectoryTableBase", 0x28, -1, 0, 0x8 },
	{ "_KPROCESS.Header", 0x0, -1, 0, 0x18 },
	{ "_KPROCESS.ThreadListHead", 0x30, -1, 0, 0x10 },
	{ "_KPROCESS.UserDirectoryTableBase", 0x388, -1, 0, 0x8 },
	{ "_KTHREAD.ApcState.Process", 0xb8, -1, 0, 0x8 },
	{ "_KTHREAD.BasePriority", 0x233, -1, 0, 0x1 },
	{ "_KTHREAD.ContextSwitches", 0x154, -1, 0, 0x4 },
	{ "_KTHREAD.InitialStack", 0x28, -1, 0, 0x8 },
	{ "_KTHREAD.KernelStack", 0x58, -1, 0, 0x8 },
	{ "_KTHREAD.KernelTime", 0x28c, -1, 0, 0x4 },
	{ "_KTHREAD.Priority", 0xc3, -1, 0, 0x1 },
	{ "_KTHREAD.PriorityDecrement", 0x234, -1, 0, 0x1 },
	{ "_KTHREAD.Process", 0x220, -1, 0, 0x8 },
	{ "_KTHREAD.StackBase", 0x38, -1, 0, 0x8 },
	{ "_KTHREAD.StackLimit", 0x30, -1, 0, 0x8 },
	{ "_KTHREAD.State", 0x184, -1, 0, 0x1 },
	{ "_KTHREAD.Teb", 0xf0, -1, 0, 0x8 },
	{ "_KTHREAD.ThreadListEntry", 0x2f8, -1, 0, 0x10 },
	{ "_KTHREAD.UserTime", 0x2dc, -1, 0, 0x4 },
	{ "_KTHREAD.WaitMode", 0x187, -1, 0, 0x1 },
	{ "_KTHREAD.WaitReason", 0x283, -1, 0, 0x1 },
	{ "_KTHREAD.WaitTime", 0x1b4, -1, 0, 0x4 },
	{ "_KTHREAD.Win32Thread", 0x1c8, -1, 0, 0x8 },
	{ "_KUSER_SHARED_DATA.ActiveProcessorCount", 0x3c0, -1, 0, 0x4 },
	{ "_KUSER_SHARED_DATA.NtBuildNumber", 0x260, -1, 0, 0x4 },
	{ "_KUSER_SHARED_DATA.NtMajorVersion", 0x26c, -1, 0, 0x4 },
	{ "_KUSER_SHARED_DATA.NtMinorVersion", 0x270, -1, 0, 0x4 },
	{ "_KUSER_SHARED_DATA.NtProductType", 0x264, -1, 0, 0x4 },
	{ "_KUSER_SHARED_DATA.NtSystemRoot", 0x30, -1, 0, 0x208 },
	{ "_KUSER_SHARED_DATA.NumberOfPhysicalPages", 0x2e8, -1, 0, 0x4 },
	{ "_KUSER_SHARED_DATA.SystemTime", 0x14, -1, 0, 0xc },
	{ "_KUSER_SHARED_DATA.TickCount", 0x320, -1, 0, 0xc },
	{ "_KUSER_SHARED_DATA.TickCountMultiplier", 0x4, -1, 0, 0x4 },
	{ "_LDR_DATA_TABLE_ENTRY.BaseDllName", 0x58, -1, 0, 0x10 },
	{ "_LDR_DATA_TABLE_ENTRY.DllBase", 0x30, -1, 0, 0x8 },
	{ "_LDR_DATA_TABLE_ENTRY.FullDllName", 0x48, -1, 0, 0x10 },
	{ "_LDR_DATA_TABLE_ENTRY.InLoadOrderLinks", 0x0, -1, 0, 0x10 },
	{ "_LDR_DATA_TABLE_ENTRY.SizeOfImage", 0x40, -1, 0, 0x4 },
	{ "_LIST_ENTRY.Blink", 0x8, -1, 0, 0x8 },
	{ "_LIST_ENTRY.Flink", 0x0, -1, 0, 0x8 },
	{ "_MI_PARTITION.Commit", 0x1840, -1, 0, 0x40 },
	{ "_MI_PARTITION.Vp", 0x1b00, -1, 0, 0x1200 },
	{ "_MI_POOL_STATE.AllocatedNonPagedPool", 0x8, -1, 0, 0x8 },
	{ "_MI_POOL_STATE.MaximumNonPagedPoolThreshold", 0x0, -1, 0, 0x8 },
	{ "_MI_SYSTEM_INFORMATION.Pools", 0x0, -1, 0, 0xa8 },
	{ "_MI_SYSTEM_INFORMATION.Vs", 0x2600, -1, 0, 0xcc0 },
	{ "_MI_VISIBLE_PARTITION.AvailablePages", 0xc0, -1, 0, 0x8 },
	{ "_MI_VISIBLE_PARTITION.NumberOfPhysicalPages", 0x10, -1, 0, 0x8 },
	{ "_MI_VISIBLE_PARTITION.ResidentAvailablePages", 0x100, -1, 0, 0x8 },
	{ "_MI_VISIBLE_PARTITION.SharedCommit", 0x2c8, -1, 0, 0x8 },
	{ "_MI_VISIBLE_PARTITION.TotalCommitLimit", 0x2a8, -1, 0, 0x8 },
	{ "_MI_VISIBLE_PARTITION.TotalCommittedPages", 0x228, -1, 0, 0x8 },
	{ "_MI_VISIBLE_STATE.DriverCommit", 0xd0, -1, 0, 0x4 },
	{ "_MI_VISIBLE_STATE.MaximumNonPagedPoolInPages", 0x30, -1, 0, 0x8 },
	{ "_MI_VISIBLE_STATE.NonPagedPoolCommit", 0xa0, -1, 0, 0x8 },
	{ "_MI_VISIBLE_STATE.PagedPoolInfo.AllocatedPagedPool", 0x28, -1, 0, 0x8 },
	{ "_MI_VISIBLE_STATE.PagedPoolInfo.MaximumSize", 0x20, -1, 0, 0x8 },
	{ "_MI_VISIBLE_STATE.ProcessCommit", 0xc8, -1, 0, 0x8 },
	{ "_MI_VISIBLE_STATE.SizeOfPagedPoolInPages", 0x38, -1, 0, 0x8 },
	{ "_MM_SESSION_SPACE.SessionId", 0x8, -1, 0, 0x4 },
	{ "_OBJECT_DIRECTORY.HashBuckets", 0x0, -1, 0, 0x128 },
	{ "_OBJECT_DIRECTORY_ENTRY.ChainLink", 0x0, -1, 0, 0x8 },
	{ "_OBJECT_DIRECTORY_ENTRY.HashValue", 0x10, -1, 0, 0x4 },
	{ "_OBJECT_DIRECTORY_ENTRY.Object", 0x8, -1, 0, 0x8 },
	{ "_OBJECT_HEADER.Body", 0x30, -1, 0, 0x8 },
	{ "_OBJECT_HEADER.Flags", 0x1b, -1, 0, 0x1 },
	{ "_OBJECT_HEADER.HandleCount", 0x8, -1, 0, 0x8 },
	{ "_OBJECT_HEADER.InfoMask", 0x1a, -1, 0, 0x1 },
	{ "_OBJECT_HEADER.PointerCount", 0x0, -1, 0, 0x8 },
	{ "_OBJECT_HEADER.TypeIndex", 0x18, -1, 0, 0x1 },
	{ "_OBJECT_HEADER_CREATOR_INFO.CreatorUniqueProcess", 0x10, -1, 0, 0x8 },
	{ "_OBJECT_HEADER_HANDLE_INFO.SingleEntry", 0x0, -1, 0, 0x10 },
	{ "_OBJECT_HEADER_NAME_INFO.Directory", 0x0, -1, 0, 0x8 },
	{ "_OBJECT_HEADER_NAME_INFO.Name", 0x8, -1, 0, 0x10 },
	{ "_OBJECT_HEADER_QUOTA_INFO.NonPagedPoolCharge", 0x4, -1, 0, 0x4 },
	{ "_OBJECT_HEADER_QUOTA_INFO.PagedPoolCharge", 0x0, -1, 0, 0x4 },
	{ "_OBJECT_TYPE.HighWaterNumberOfHandles", 0x38, -1, 0, 0x4 },
	{ "_OBJECT_TYPE.HighWaterNumberOfObjects", 0x34, -1, 0, 0x4 },
	{ "_OBJECT_TYPE.Index", 0x28, -1, 0, 0x1 },
	{ "_OBJECT_TYPE.Key", 0xc0, -1, 0, 0x4 },
	{ "_OBJECT_TYPE.Name", 0x10, -1, 0, 0x10 },
	{ "_OBJECT_TYPE.TotalNumberOfHandles", 0x30, -1, 0, 0x4 },
	{ "_OBJECT_TYPE.TotalNumberOfObjects", 0x2c, -1, 0, 0x4 },
	{ "_OBJECT_TYPE.TypeInfo.PoolType", 0x64, -1, 0, 0x4 },
	{ "_PEB.BeingDebugged", 0x2, -1, 0, 0x1 },
	{ "_PEB.ImageBaseAddress", 0x10, -1, 0, 0x8 },
	{ "_PEB.Ldr", 0x18, -1, 0, 0x8 },
	{ "_PEB.NtGlobalFlag", 0xbc, -1, 0, 0x4 },
	{ "_PEB.NumberOfHeaps", 0xe8, -1, 0, 0x4 },
	{ "_PEB.OSBuildNumber", 0x120, -1, 0, 0x2 },
	{ "_PEB.OSMajorVersion", 0x118, -1, 0, 0x4 },
	{ "_PEB.OSMinorVersion", 0x11c, -1, 0, 0x4 },
	{ "_PEB.ProcessHeap", 0x30, -1, 0, 0x8 },
	{ "_PEB.ProcessParameters", 0x20, -1, 0, 0x8 },
	{ "_PEB.SessionId", 0x2c0, -1, 0, 0x4 },
	{ "_PEB_LDR_DATA.InLoadOrderModuleList", 0x10, -1, 0, 0x10 },
	{ "_POOL_HEADER.BlockSize", 0x2, 0, 8, 0x2 },
	{ "_POOL_HEADER.PoolIndex", 0x0, 8, 8, 0x2 },
	{ "_POOL_HEADER.PoolTag", 0x4, -1, 0, 0x4 },
	{ "_POOL_HEADER.PoolType", 0x2, 8, 8, 0x2 },
	{ "_POOL_HEADER.PreviousSize", 0x0, 0, 8, 0x2 },
	{ "_POOL_TRACKER_BIG_PAGES.Key", 0x8, -1, 0, 0x4 },
	{ "_POOL_TRACKER_BIG_PAGES.NumberOfBytes", 0x10, -1, 0, 0x8 },
	{ "_POOL_TRACKER_BIG_PAGES.Va", 0x0, -1, 0, 0x8 },
	{ "_POOL_TRACKER_TABLE.Key", 0x0, -1, 0, 0x4 },
	{ "_POOL_TRACKER_TABLE.NonPagedAllocs", 0x10, -1, 0, 0x8 },
	{ "_POOL_TRACKER_TABLE.NonPagedBytes", 0x8, -1, 0, 0x8 },
	{ "_POOL_TRACKER_TABLE.NonPagedFrees", 0x18, -1, 0, 0x8 },
	{ "_POOL_TRACKER_TABLE.PagedAllocs", 0x28, -1, 0, 0x8 },
	{ "_POOL_TRACKER_TABLE.PagedBytes", 0x20, -1, 0, 0x8 },
	{ "_POOL_TRACKER_TABLE.PagedFrees", 0x30, -1, 0, 0x8 },
	{ "_RTL_USER_PROCESS_PARAMETERS.CommandLine", 0x70, -1, 0, 0x10 },
	{ "_RTL_USER_PROCESS_PARAMETERS.ImagePathName", 0x60, -1, 0, 0x10 },
	{ "_UNICODE_STRING.Buffer", 0x8, -1, 0, 0x8 },
	{ "_UNICODE_STRING.Length", 0x0, -1, 0, 0x2 },
	{ "_UNICODE_STRING.MaximumLength", 0x2, -1, 0, 0x2 },
};

/* structure sizes */
static const struct builtin_size builtin_sizes[] = {
	{ "_DBGKD_GET_VERSION64", 0x28 },
	{ "_EPROCESS", 0xa40 },
	{ "_ETHREAD", 0x898 },
	{ "_HANDLE_TABLE", 0x80 },
	{ "_HANDLE_TABLE_ENTRY", 0x10 },
	{ "_HANDLE_TABLE_FREE_LIST", 0x40 },
	{ "_HANDLE_TRACE_DB_ENTRY", 0xa0 },
	{ "_HANDLE_TRACE_DEBUG_INFO", 0xf0 },
	{ "_KLDR_DATA_TABLE_ENTRY", 0xa0 },
	{ "_KTHREAD", 0x430 },
	{ "_KUSER_SHARED_DATA", 0x720 },
	{ "_LDR_DATA_TABLE_ENTRY", 0x120 },
	{ "_LIST_ENTRY", 0x10 },
	{ "_MI_PARTITION", 0x2d00 },
	{ "_MI_SYSTEM_INFORMATION", 0x32c0 },
	{ "_MM_SESSION_SPACE", 0x5000 },
	{ "_OBJECT_DIRECTORY", 0x158 },
	{ "_OBJECT_DIRECTORY_ENTRY", 0x18 },
	{ "_OBJECT_HEADER", 0x38 },
	{ "_OBJECT_HEADER_AUDIT_INFO", 0x10 },
	{ "_OBJECT_HEADER_CREATOR_INFO", 0x20 },
	{ "_OBJECT_HEADER_EXTENDED_INFO", 0x10 },
	{ "_OBJECT_HEADER_HANDLE_INFO", 0x10 },
	{ "_OBJECT_HEADER_NAME_INFO", 0x20 },
	{ "_OBJECT_HEADER_PADDING_INFO", 0x4 },
	{ "_OBJECT_HEADER_PROCESS_INFO", 0x10 },
	{ "_OBJECT_HEADER_QUOTA_INFO", 0x20 },
	{ "_OBJECT_TYPE", 0xd8 },
	{ "_PEB", 0x7c8 },
	{ "_PEB_LDR_DATA", 0x58 },
	{ "_POOL_HEADER", 0x10 },
	{ "_POOL_TRACKER_BIG_PAGES", 0x18 },
	{ "_POOL_TRACKER_TABLE", 0x38 },
	{ "_UNICODE_STRING", 0x10 },
};

/* symbol RVAs (from the kernel image base) */
static const struct builtin_symbol builtin_symbols[] = {
	{ "ExPoolFailures", 0xc19230 },
	{ "ExPoolTagTables", 0xc16a20 },
	{ "ExpFreeListCount", 0xd2e720 },
	{ "HandleTableListHead", 0xd2eb40 },
	{ "KdDebuggerDataBlock", 0xc00b20 },
	{ "KdVersionBlock", 0xc0f400 },
	{ "KeMaximumIncrement", 0xcfc418 },
	{ "KeNumberProcessors", 0xcfc404 },
	{ "MiState", 0xc4c880 },
	{ "MiSystemPartition", 0xc50d40 },
	{ "MmPteBase", 0xcfb358 },
	{ "MmSizeOfPagedPoolInBytes", 0xcfc7f8 },
	{ "NtBuildLab", 0xc4c2c0 },
	{ "NtBuildNumber", 0xc11fe0 },
	{ "NtGlobalFlag", 0xc4c2a0 },
	{ "ObHeaderCookie", 0xcfc728 },
	{ "ObTypeIndexTable", 0xcfce60 },
	{ "ObpCaptureHandleInformationEx", 0x8e03a0 },
	{ "ObpInfoMaskToOffset", 0xc25f40 },
	{ "ObpKernelHandleTable", 0xc25ac0 },
	{ "ObpRootDirectoryObject", 0xc25b18 },
	{ "PoolBigPageTable", 0xc169e8 },
	{ "PoolBigPageTableSize", 0xc169e0 },
	{ "PoolTrackTable", 0xc169b8 },
	{ "PoolTrackTableExpansion", 0xc169f8 },
	{ "PoolTrackTableExpansionSize", 0xc169f0 },
	{ "PoolTrackTableSize", 0xc169b0 },
	{ "PsActiveProcessHead", 0xc1e040 },
	{ "PsInitialSystemProcess", 0xcfc420 },
	{ "PsLoadedModuleList", 0xc2a3d0 },
	{ "PsNtosImageBase", 0xcfc470 },
	{ "PspCidTable", 0xcfc5c8 },
};

/* enum, constant, value */
static const struct builtin_enum builtin_enums[] = {
	{ "_KTHREAD_STATE", "DeferredReady", 7 },
	{ "_KTHREAD_STATE", "GateWaitObsolete", 8 },
	{ "_KTHREAD_STATE", "Initialized", 0 },
	{ "_KTHREAD_STATE", "Ready", 1 },
	{ "_KTHREAD_STATE", "Running", 2 },
	{ "_KTHREAD_STATE", "Standby", 3 },
	{ "_KTHREAD_STATE", "Terminated", 4 },
	{ "_KTHREAD_STATE", "Transition", 6 },
	{ "_KTHREAD_STATE", "Waiting", 5 },
	{ "_KTHREAD_STATE", "WaitingForProcessInSwap", 9 },
	{ "_KWAIT_REASON", "DelayExecution", 4 },
	{ "_KWAIT_REASON", "Executive", 0 },
	{ "_KWAIT_REASON", "FreePage", 1 },
	{ "_KWAIT_REASON", "MaximumWaitReason", 40 },
	{ "_KWAIT_REASON", "PageIn", 2 },
	{ "_KWAIT_REASON", "PoolAllocation", 3 },
	{ "_KWAIT_REASON", "Suspended", 5 },
	{ "_KWAIT_REASON", "UserRequest", 6 },
	{ "_KWAIT_REASON", "WrAlertByThreadId", 37 },
	{ "_KWAIT_REASON", "WrCalloutStack", 25 },
	{ "_KWAIT_REASON", "WrCpuRateControl", 24 },
	{ "_KWAIT_REASON", "WrDeferredPreempt", 38 },
	{ "_KWAIT_REASON", "WrDelayExecution", 11 },
	{ "_KWAIT_REASON", "WrDispatchInt", 31 },
	{ "_KWAIT_REASON", "WrExecutive", 7 },
	{ "_KWAIT_REASON", "WrFastMutex", 34 },
	{ "_KWAIT_REASON", "WrFreePage", 8 },
	{ "_KWAIT_REASON", "WrGuardedMutex", 35 },
	{ "_KWAIT_REASON", "WrKernel", 26 },
	{ "_KWAIT_REASON", "WrKeyedEvent", 21 },
	{ "_KWAIT_REASON", "WrLpcReceive", 16 },
	{ "_KWAIT_REASON", "WrLpcReply", 17 },
	{ "_KWAIT_REASON", "WrMutex", 29 },
	{ "_KWAIT_REASON", "WrPageIn", 9 },
	{ "_KWAIT_REASON", "WrPageOut", 19 },
	{ "_KWAIT_REASON", "WrPhysicalFault", 39 },
	{ "_KWAIT_REASON", "WrPoolAllocation", 10 },
	{ "_KWAIT_REASON", "WrPreempted", 32 },
	{ "_KWAIT_REASON", "WrProcessInSwap", 23 },
	{ "_KWAIT_REASON", "WrPushLock", 28 },
	{ "_KWAIT_REASON", "WrQuantumEnd", 30 },
	{ "_KWAIT_REASON", "WrQueue", 15 },
	{ "_KWAIT_REASON", "WrRendezvous", 20 },
	{ "_KWAIT_REASON", "WrResource", 27 },
	{ "_KWAIT_REASON", "WrRundown", 36 },
	{ "_KWAIT_REASON", "WrSpare0", 14 },
	{ "_KWAIT_REASON", "WrSuspended", 12 },
	{ "_KWAIT_REASON", "WrTerminated", 22 },
	{ "_KWAIT_REASON", "WrUserRequest", 13 },
	{ "_KWAIT_REASON", "WrVirtualMemory", 18 },
	{ "_KWAIT_REASON", "WrYieldExecution", 33 },
	{ "_POOL_TYPE", "DontUseThisType", 3 },
	{ "_POOL_TYPE", "DontUseThisTypeSession", 35 },
	{ "_POOL_TYPE", "MaxPoolType", 7 },
	{ "_POOL_TYPE", "NonPagedPool", 0 },
	{ "_POOL_TYPE", "NonPagedPoolBase", 0 },
	{ "_POOL_TYPE", "NonPagedPoolBaseCacheAligned", 4 },
	{ "_POOL_TYPE", "NonPagedPoolBaseCacheAlignedMustS", 6 },
	{ "_POOL_TYPE", "NonPagedPoolBaseMustSucceed", 2 },
	{ "_POOL_TYPE", "NonPagedPoolCacheAligned", 4 },
	{ "_POOL_TYPE", "NonPagedPoolCacheAlignedMustS", 6 },
	{ "_POOL_TYPE", "NonPagedPoolCacheAlignedMustSSession", 38 },
	{ "_POOL_TYPE", "NonPagedPoolCacheAlignedSession", 36 },
	{ "_POOL_TYPE", "NonPagedPoolExecute", 0 },
	{ "_POOL_TYPE", "NonPagedPoolMustSucceed", 2 },
	{ "_POOL_TYPE", "NonPagedPoolMustSucceedSession", 34 },
	{ "_POOL_TYPE", "NonPagedPoolNx", 512 },
	{ "_POOL_TYPE", "NonPagedPoolNxCacheAligned", 516 },
	{ "_POOL_TYPE", "NonPagedPoolSession", 32 },
	{ "_POOL_TYPE", "NonPagedPoolSessionNx", 544 },
	{ "_POOL_TYPE", "PagedPool", 1 },
	{ "_POOL_TYPE", "PagedPoolCacheAligned", 5 },
	{ "_POOL_TYPE", "PagedPoolCacheAlignedSession", 37 },
	{ "_POOL_TYPE", "PagedPoolSession", 33 },
};


static const struct profile builtin_profile = {
	.name = "built-in Windows 10 x64 19041 (ntkrnlmp.pdb 06564D3477822C7D97F04852CBD5AFD6-1)",
	.guid = "06564D3477822C7D97F04852CBD5AFD6",
	.age = 1,
	.pdb = "ntkrnlmp.pdb",
	.builtin = 1,
	.isf = NULL,
};

const struct profile *profile_builtin(void)
{
	return &builtin_profile;
}

static const struct builtin_tables tables = {
	builtin_fields, COUNT(builtin_fields),
	builtin_sizes, COUNT(builtin_sizes),
	builtin_symbols, COUNT(builtin_symbols),
	builtin_enums, COUNT(builtin_enums),
};

const struct builtin_tables *builtin_tables(void)
{
	return &tables;
}

/* Every table starts with a `const char *name` member. */
static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

bool builtin_field(const char *dotted, struct profile_field *ret)
{
	const struct builtin_field *f;

	f = bsearch(dotted, builtin_fields, COUNT(builtin_fields),
		    sizeof(builtin_fields[0]), cmp_name);
	if (!f)
		return false;
	ret->offset = f->offset;
	ret->bit_position = f->bit_position;
	ret->bit_length = f->bit_length;
	ret->size = f->size;
	return true;
}

int64_t builtin_sizeof(const char *type)
{
	const struct builtin_size *s;

	s = bsearch(type, builtin_sizes, COUNT(builtin_sizes),
		    sizeof(builtin_sizes[0]), cmp_name);
	return s ? s->size : -1;
}

int64_t builtin_symbol(const char *name)
{
	const struct builtin_symbol *s;

	s = bsearch(name, builtin_symbols, COUNT(builtin_symbols),
		    sizeof(builtin_symbols[0]), cmp_name);
	return s ? s->rva : -1;
}

/* The enum table is short (about 90 rows): a linear scan is enough. */
bool builtin_enum(const char *enum_name, const char *constant, int64_t *ret)
{
	for (size_t i = 0; i < COUNT(builtin_enums); i++) {
		const struct builtin_enum *e = &builtin_enums[i];

		if (strcmp(e->enum_name, enum_name) == 0 &&
		    strcmp(e->constant, constant) == 0) {
			*ret = e->value;
			return true;
		}
	}
	return false;
}

const char *builtin_enum_name(const char *enum_name, int64_t value)
{
	const char *best = NULL;

	for (size_t i = 0; i < COUNT(builtin_enums); i++) {
		const struct builtin_enum *e = &builtin_enums[i];

		if (e->value == value && strcmp(e->enum_name, enum_name) == 0 &&
		    (!best || enum_name_preferred(e->constant, best)))
			best = e->constant;
	}
	return best;
}
