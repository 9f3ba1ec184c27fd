import Games

/// An upper estimate of the memory a vector holds at its largest, made before the vector is
/// built so that `MAKE` can be refused before anything is allocated (docs/protocol.md, Limits).
///
/// Per game (slot): the live episode with its state at the largest the rules let it grow
/// (`StateFootprint`), the per-slot bookkeeping, with trajectories two recordings (the live
/// episode's and a finished one waiting to be sent) at the longest an episode may run (the
/// game's longest length times one plus the retries, or `max_turns`), and in text mode the
/// slot's prompt, legal actions and invalid-move reason. For the vector: one reply's frames,
/// one trajectory message (every slot finishing a longest episode at once) and, in text mode,
/// the prompt cache. Text that clients send is not part of it: it is counted as it is played.
struct VectorFootprint {
    let batchSize: Int
    /// Bytes per game (slot).
    let perGameBytes: Int
    /// Bytes for the whole vector: reply frames, one trajectory message, the prompt cache.
    let sharedBytes: Int

    /// The estimate, saturating rather than overflowing.
    var totalBytes: Int {
        let (perGame, overflow) = batchSize.multipliedReportingOverflow(by: perGameBytes)
        let (total, overflowAgain) = perGame.addingReportingOverflow(sharedBytes)
        return overflow || overflowAgain ? Int.max : total
    }

    /// What a vector, its allocations aside, costs: the object, its closures, the legal
    /// action buffer, serialised array refs.
    static let fixedBytes = 64 << 10

    init<G: Game>(game: G, options: VectorOptions, textSizes: TextFaceSizes?) {
        let count = options.batchSize
        let seats = game.seatCount
        let actions = game.actionCount
        let observationFloats = game.observationSize
        batchSize = count

        // The live episode: the struct, its invalid-move counts, the state's heap.
        var perGame =
            MemoryLayout<Episode<G>>.stride + StateFootprint.array(Int.self, capacity: seats)
            + StateFootprint.maxHeapBytes(game)
        // SlotArrays: legal mask, returns and rewards per seat, episode id, turns, text kept,
        // stop reason, seat, role, the three flags; the prompt and reason String values.
        perGame += actions + 12 * seats + 8 + 8 + 8 + 1 + 4 + 4 + 3 + 2 * MemoryLayout<String>.stride
        // The invalid-move reason: a sentence and the accepted actions.
        let reasonBytes = 256 + (textSizes?.legalActionBytes ?? 8 * actions)
        perGame += reasonBytes
        if options.opponentName != nil { perGame += MemoryLayout<EpisodeRNG>.stride }
        if let textSizes {
            // The prompt shown and its legal actions (shared with the prompt cache, counted twice).
            perGame += textSizes.promptBytes + StateFootprint.array(TextFaceCache<G>.LegalAction.self, capacity: actions)
        }
        let turns = Self.longestEpisodeTurns(game: game, options: options)
        if let trajectories = options.trajectories {
            let recordsTexts = options.text || trajectories.actionTexts
            perGame +=
                2 * Self.recordingBytes(turns: turns, seats: seats, observationFloats: options.text ? 0 : observationFloats, texts: recordsTexts)
            // The collector's per-episode columns: id, returns, outcome, flags, seat roles.
            perGame += 2 * (8 + 8 * seats + 3)
        }
        perGameBytes = perGame

        var shared = Self.fixedBytes + Self.replyBytes(game: game, options: options, textSizes: textSizes)
        if options.trajectories != nil {
            shared +=
                count
                * Self.messageBytesPerEpisode(
                    turns: turns, seats: seats, observationBytes: options.text ? 0 : (options.byteObservations ? 1 : 4) * observationFloats)
        }
        if options.text {
            // The cache's own byte limit, and the dictionary's slack around its entries.
            shared += 2 * TextFaceCache<G>.byteLimit(batchSize: count)
        }
        sharedBytes = shared
    }

    /// The most turns one episode records: every decision of the game's longest line, each
    /// with its retries, unless `max_turns` cuts it sooner.
    static func longestEpisodeTurns<G: Game>(game: G, options: VectorOptions) -> Int {
        let (withRetries, overflow) = game.maxGameLength.multipliedReportingOverflow(by: options.invalidMovePolicy.retries + 1)
        let longest = overflow ? Int.max / 2 : withRetries
        return options.maxTurns > 0 ? min(longest, options.maxTurns) : longest
    }

    /// One `EpisodeRecording` grown to `turns` turns: its columns (which grow no further than
    /// that, past their first 16 elements), observations in tensor mode, the String slots of
    /// text columns (which double as Swift arrays do).
    static func recordingBytes(turns: Int, seats: Int, observationFloats: Int, texts: Bool) -> Int {
        var bytes = 256 + 16 * seats
        bytes += 5 * StateFootprint.allocationOverhead + max(turns, 16) * (4 + 4 + 4 + 1 + 4)
        bytes += StateFootprint.allocationOverhead + max(turns * observationFloats, 16) * 4
        if texts { bytes += 3 * StateFootprint.grownArray(String.self, count: turns) }
        return bytes
    }

    /// One finished episode's share of a trajectory message: per turn seat, role, index,
    /// action, flag, reward, advantage, observation, and the collector's gathering columns.
    static func messageBytesPerEpisode(turns: Int, seats: Int, observationBytes: Int) -> Int {
        let perTurn = 4 + 4 + 4 + 4 + 1 + 4 + 4 + observationBytes + 3 * 4 + 3 * 4
        return 8 + 8 + 4 * seats + 4 + 3 + 4 * seats + turns * perTurn
    }

    /// One `RESET`/`STEP` reply's frames.
    static func replyBytes<G: Game>(game: G, options: VectorOptions, textSizes: TextFaceSizes?) -> Int {
        let count = options.batchSize
        let seats = game.seatCount
        var bytes = 4096 + count * (game.actionCount + 4 * seats + 1 + 1 + 4 + 4 + 1 + 8 + 2 * 7)
        if let textSizes {
            // Prompts, legal action texts and counts, invalid reasons, with their offsets.
            bytes += count * (textSizes.promptBytes + textSizes.legalActionBytes + 4 + 256 + textSizes.legalActionBytes + 3 * 4)
        } else {
            let observationsPerSlot = options.observeAllSeats ? seats : 1
            bytes += count * observationsPerSlot * game.observationSize * (options.byteObservations ? 1 : 4)
        }
        return bytes
    }

    /// A sentence for error messages.
    var summary: String {
        "\(ByteCount.describe(totalBytes)) (\(ByteCount.describe(perGameBytes)) per game and "
            + "\(ByteCount.describe(sharedBytes)) of reply, trajectory and cache buffers)"
    }
}
