// The C allocator's memory after a burst of requests (glibc's malloc).
//
// glibc gives threads that allocate at the same time arenas of their own, up to eight per
// processor, and keeps what is freed in them for later. After a burst (64 writers: a worker
// thread each, the writer connection passed from thread to thread) the freed memory is spread
// over every arena and stays resident, as free chunks between chunks still in use. So the server
// limits the arenas (`limitArenas`, at start) and, once it has been quiet for a moment after a
// burst, asks malloc to give free pages back to the system (`trim`).
//
// `mallopt` and `malloc_trim` are declared in <malloc.h>, which the Glibc module does not
// include: they are looked up by name.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum Allocator {
    /// Arenas when neither `MALLOC_ARENA_MAX` nor the glibc tunable sets them: one per processor,
    /// at least two (as many as the workers always ready), however many threads a burst starts.
    public static var defaultArenas: Int { max(2, ProcessInfo.processInfo.activeProcessorCount) }
    /// The most arenas a setting may ask for.
    public static let arenaRange = 1...64

    #if canImport(Glibc)
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32
    nonisolated(unsafe) private static let library = dlopen(nil, RTLD_NOW)
    private static let mallopt: Mallopt? = dlsym(library, "mallopt").map { unsafeBitCast($0, to: Mallopt.self) }
    private static let mallocTrim: MallocTrim? = dlsym(library, "malloc_trim").map { unsafeBitCast($0, to: MallocTrim.self) }
    /// glibc's `M_ARENA_MAX`.
    private static let arenaMaxParameter: Int32 = -8
    #endif

    /// Limits malloc to `count` arenas. Call it before threads start allocating (arenas made
    /// already stay). False when the C library has no such setting.
    @discardableResult
    public static func limitArenas(_ count: Int) -> Bool {
        #if canImport(Glibc)
        guard let mallopt else { return false }
        return mallopt(arenaMaxParameter, Int32(clamping: count)) == 1
        #else
        return false
        #endif
    }

    /// Whether the environment already sets glibc's arena limit (`MALLOC_ARENA_MAX`, or
    /// `glibc.malloc.arena_max` in `GLIBC_TUNABLES`): then it is left as it is.
    public static func arenasSetByEnvironment(_ environment: [String: String]) -> Bool {
        environment["MALLOC_ARENA_MAX"] != nil || environment["GLIBC_TUNABLES"]?.contains("glibc.malloc.arena_max") == true
    }

    /// Gives the free memory of every arena back to the system (`malloc_trim(0)`: whole free pages,
    /// also between chunks in use). Takes each arena's lock in turn, for a few milliseconds at most.
    public static func trim() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }
}
