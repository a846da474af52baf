#if canImport(Glibc)
import Glibc
#endif

/// A fixed number of threads running the same body: the batch's bounded parallelism.
///
/// Plain threads rather than Swift concurrency's pool: the work is blocking file I/O and CPU,
/// and `--jobs N` means N at once even above the core count.
enum WorkerPool {
    /// Runs `body(worker)` on `workers` threads (worker = 0 ..< workers) and waits for all.
    static func run(workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        if workers <= 1 {
            body(0)
            return
        }
        var threads: [pthread_t] = []
        for worker in 0 ..< workers {
            // The thread takes ownership of the box (+1 here, released in the thread).
            let box = Unmanaged.passRetained(Work { body(worker) }).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, box)
            if status == 0 {
                threads.append(thread)
            } else {
                // No thread to be had: do this worker's share here.
                Unmanaged<Work>.fromOpaque(box).takeRetainedValue().body()
            }
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    private final class Work: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
