/// What one `games serve` process lets its clients use (docs/protocol.md, Limits).
///
/// Every limit is checked before the server allocates what it guards, and a request over a
/// limit gets an `ERROR` reply that names the limit and the `games serve` flag that raises it.
public struct BridgeLimits: Sendable {
    /// The server's memory budget in bytes: estimated vector footprints (reserved at `MAKE`,
    /// returned at `CLOSE`), text kept for episodes, trajectory messages not yet taken by a
    /// trainer, and replies and requests held for clients (`--max-memory`).
    public var maxMemoryBytes: Int
    /// Open vectors per client (routing identity) (`--max-vectors-per-client`).
    public var maxVectorsPerClient: Int
    /// Games (the sum of batch sizes) in one client's open vectors (`--max-games-per-client`).
    public var maxGamesPerClient: Int
    /// Replies and requests the server holds for one client: replies ZeroMQ could not queue
    /// because the client does not read, and requests waiting for trajectories or a solve
    /// (`--max-unread-replies`).
    public var maxUnreadReplies: Int
    /// Bytes of those held replies and requests (`--max-unread-bytes`).
    public var maxUnreadBytes: Int
    /// Replies ZeroMQ itself queues per client before the server holds them (`ZMQ_SNDHWM` of
    /// the request socket, `--reply-hwm`).
    public var replyHighWaterMark: Int
    /// The most retries an invalid-move policy may ask for (`zero_sum+K`) (`--max-retries`).
    public var maxRetries: Int
    /// Text one episode may keep, in bytes: the replies played into its state and, with
    /// trajectories, its recorded prompts, replies and action texts. An episode that reaches
    /// it is cut as at `max_turns` (`--max-episode-text-bytes`).
    public var maxEpisodeTextBytes: Int
    /// The directory `tabular:NAME` opponents are read from; nil: no tabular opponents over
    /// the wire (`--policy-dir`).
    public var policyDirectory: String?
    /// The largest game tree (histories) a `cfr` opponent is solved on (`--max-solve-nodes`).
    public var maxSolveNodes: Int
    /// Sessions the server keeps open at once (`--max-sessions`).
    public var maxSessions: Int
    /// Bytes of acknowledged vectors' trajectory messages kept until a trainer acknowledges
    /// them; the oldest are dropped, and counted as lost, to make room
    /// (`--max-unacknowledged-bytes`).
    public var maxUnacknowledgedBytes: Int

    /// The defaults: half of the machine's memory (`MachineMemory.defaultBudget`), 64 vectors
    /// and 262144 games per client, 64 held replies or 256 MiB per client, 4 replies in
    /// ZeroMQ's queue per client, 10 retries, 4 MiB of text per episode, no policy directory,
    /// game trees of at most 200000 histories for `cfr`, 4096 sessions, and 256 MiB of
    /// unacknowledged trajectories.
    public init(
        maxMemoryBytes: Int = MachineMemory.defaultBudget, maxVectorsPerClient: Int = 64, maxGamesPerClient: Int = 262_144,
        maxUnreadReplies: Int = 64, maxUnreadBytes: Int = 256 << 20, replyHighWaterMark: Int = 4, maxRetries: Int = 10,
        maxEpisodeTextBytes: Int = 4 << 20, policyDirectory: String? = nil, maxSolveNodes: Int = 200_000,
        maxSessions: Int = 4096, maxUnacknowledgedBytes: Int = 256 << 20
    ) {
        self.maxSessions = maxSessions
        self.maxUnacknowledgedBytes = maxUnacknowledgedBytes
        self.maxMemoryBytes = maxMemoryBytes
        self.maxVectorsPerClient = maxVectorsPerClient
        self.maxGamesPerClient = maxGamesPerClient
        self.maxUnreadReplies = maxUnreadReplies
        self.maxUnreadBytes = maxUnreadBytes
        self.replyHighWaterMark = replyHighWaterMark
        self.maxRetries = maxRetries
        self.maxEpisodeTextBytes = maxEpisodeTextBytes
        self.policyDirectory = policyDirectory
        self.maxSolveNodes = maxSolveNodes
    }
}
