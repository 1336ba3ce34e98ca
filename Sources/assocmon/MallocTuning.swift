import Foundation

/// Keeps freed receive buffers in the process instead of handing them back to the kernel after every C-STORE.
///
/// Received PDV fragments stay referenced until the storage thread has written them (about 1 MiB at a time), so
/// the event loop allocates fresh buffers while the writer frees old ones on another thread. With glibc's defaults
/// (trim above 128 KiB of free memory at the top of a heap, `mmap` for blocks of 128 KiB and more) that memory went
/// back to the kernel and came again as new pages: `perf stat -e page-faults` counted 79,162 faults for 500 ×
/// 512 KiB C-STOREs (one per 4 KiB page received), each page zeroed by the kernel. A 16 MiB trim threshold is
/// above what back-pressure lets one association hold (`StoreSession.highWatermark` plus a batch) and far below
/// the memory targets; blocks up to 4 MiB (a 256 KiB PDU's framing buffer included) come from the heap.
enum MallocTuning {
    static func apply() {
        #if os(Linux)
        // mallopt(3) parameters from <malloc.h>, which Swift's Glibc module does not import.
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(trimThreshold, 16 << 20)
        _ = mallopt(mmapThreshold, 4 << 20)
        #endif
    }
}
