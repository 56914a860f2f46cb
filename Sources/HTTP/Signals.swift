// Waiting for SIGTERM/SIGINT without a signal handler: block them, then sigwait.
#if canImport(Glibc)
import Glibc
#endif

public enum TerminationSignals {
    private static func set() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }

    /// Blocks SIGTERM and SIGINT in the calling thread (threads it creates afterwards inherit this).
    /// Call it first thing in `main`, before any thread starts, so the signals are only ever taken by `wait()`.
    public static func blockInCurrentThread() {
        var s = set()
        pthread_sigmask(SIG_BLOCK, &s, nil)
    }

    /// Blocks the caller until SIGTERM or SIGINT arrives; returns the signal number.
    public static func wait() -> Int32 {
        blockInCurrentThread()
        var s = set()
        var signal: Int32 = 0
        while sigwait(&s, &signal) != 0 {}
        return signal
    }
}
