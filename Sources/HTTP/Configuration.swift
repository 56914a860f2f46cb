// The limits and timeouts of one server, each configurable.

/// How a server listens and what it tolerates from clients.
public struct ServerConfiguration: Sendable {
    /// The address to bind: an IPv4 or IPv6 literal (`0.0.0.0`, `::`), or `localhost`.
    public var host: String = "127.0.0.1"
    /// The port to bind; 0 picks an ephemeral port (see `HTTPServer.start()`).
    public var port: Int = 8080
    /// Longest request line accepted; longer is answered 414.
    public var maxRequestLineBytes = 8192
    /// Largest header section (and trailer section) accepted; larger is answered 431.
    public var maxHeaderBytes = 32768
    /// Most header fields accepted; more is answered 431.
    public var maxHeaderCount = 100
    /// Largest request body accepted (after chunked decoding); larger is answered 413.
    public var maxBodyBytes = 10 * 1024 * 1024
    /// Seconds allowed for a request head to arrive once it has started (a client trickling its
    /// headers is cut off after this, whatever its pace), and seconds without progress while a body
    /// is read. Either is answered 408 and the connection is closed. A fresh connection that sends
    /// nothing at all within this time is closed silently.
    public var readTimeout: Double = 10
    /// Seconds a keep-alive connection may sit idle between requests; then it is closed silently.
    public var idleTimeout: Double = 60
    /// Seconds a response write may block on a client that does not read; then the connection is dropped.
    public var writeTimeout: Double = 30
    /// Most simultaneous connections. At the limit, the connections that wait for their first
    /// request or idle between requests (the reusable ones) make room, the longest waiting first;
    /// only when none waits is a new connection answered 503 and closed. The default is what the
    /// process's descriptor limit allows (`ConnectionLimits.fromDescriptorLimit()`).
    public var maxConnections = ConnectionLimits.fromDescriptorLimit()
    /// Most simultaneous connections from one client address (0: no cap). At the cap, the address's
    /// own reusable connections make room, the longest waiting first; when none waits, its new
    /// connection is answered 503 and closed. Behind a reverse proxy every connection comes from the
    /// proxy's address: raise it there, or turn it off and cap clients in the proxy.
    public var maxConnectionsPerClient = ConnectionLimits.defaultPerClient
    /// Worker threads always ready to serve (0: one per processor, at least 2). More are started, up to
    /// `maxWorkerThreads`, only while every worker is busy and none has finished anything for a
    /// moment (slow handlers); they end after a few idle seconds.
    public var workerThreads = 0
    /// The most worker threads at once. A write waits for its group's commit on its worker, so
    /// under many concurrent writers the extra workers are as many as the writers, up to this.
    public var maxWorkerThreads = 64
    /// How many handlers are waiting now on something other than the processor (the application
    /// says: writes waiting for the writer or for their group's commit). While any are and no
    /// worker is idle, the overseer starts another worker at its next look, even though turns are
    /// finishing: group commit finishes writes in bursts, so "no turn finished for a moment" was
    /// rarely true under a steady stream of writes, the pool stayed at its base, and writes were
    /// committed one or two at a time (issue 23). Default: none.
    public var blockedHandlers: @Sendable () -> Int = { 0 }
    /// Seconds without a finished request after which the server gives the memory its threads
    /// freed back to the system (`Allocator.trim`); 0: never.
    public var trimAfterIdleSeconds: Double = 1
    /// Reverse proxies whose `X-Forwarded-For` names the client (`Request.remoteAddress`); none by
    /// default: then the socket's peer is the client, whatever headers say.
    public var trustedProxies = TrustedProxies()
    /// How long `stop()` lets in-flight requests run before it shuts their connections down.
    public var shutdownGracePeriod: Double = 30

    public init() {}
}
