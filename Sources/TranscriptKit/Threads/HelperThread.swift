#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread started with a closure and joined once: the helper thread of ``EventPipeline`` and
/// ``CaptionHelper``. A POSIX thread, not a task: the work blocks on a condition variable, which
/// must not hold a cooperative-pool thread.
struct HelperThread: ~Copyable {
    #if canImport(Darwin)
    private var handle: pthread_t?
    #else
    private var handle = pthread_t()
    #endif

    /// Keeps the closure alive until the thread has run it.
    private final class Body: @unchecked Sendable {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts a thread running `body`; `nil` when none could be started.
    init?(_ body: @escaping () -> Void) {
        let retained = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&handle, nil, { raw in
            // glibc passes the argument as optional, Darwin does not.
            let argument: UnsafeMutableRawPointer? = raw
            Unmanaged<Body>.fromOpaque(argument.unsafelyUnwrapped).takeRetainedValue().run()
            return nil
        }, retained)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(retained).release()
            return nil
        }
    }

    /// Waits for the thread to end.
    consuming func join() {
        #if canImport(Darwin)
        pthread_join(handle.unsafelyUnwrapped, nil)
        #else
        pthread_join(handle, nil)
        #endif
    }
}

/// A mutex and a condition variable, at fixed addresses (POSIX forbids moving them).
final class ThreadMonitor: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Waits for ``broadcast()``; called with the lock held, returns with it held.
    func wait() { pthread_cond_wait(condition, mutex) }
    /// Wakes every waiter.
    func broadcast() { pthread_cond_broadcast(condition) }
}
