#if canImport(Glibc)
import Glibc
#endif

/// A value guarded by a `pthread_mutex_t`: the batch's shared results and progress counters.
///
/// Why not `Synchronization.Mutex`: on Linux it is a futex lock inside the (uninstrumented)
/// standard library, so ThreadSanitizer sees no happens-before edge between two holders and
/// reports every guarded access as a race. TSan intercepts `pthread_mutex_lock`, so with this
/// lock `scripts/sanitizers.sh thread` checks the batch code for real. The lock is taken once
/// per converted file, so its cost does not matter here.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // A pthread mutex must keep its address; Swift promises none for a stored struct passed
    // inout (it may pass a temporary), so the mutex gets an allocation of its own.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
