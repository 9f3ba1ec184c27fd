/// What is wrong with a tabular policy or a policy file. Every message names the problem,
/// the information state where there is one, and what is accepted.
public enum PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file could not be written.
    case unwritable(path: String, reason: String)
    /// The text is not a policy file (not JSON, a field missing or of the wrong type).
    case malformed(reason: String)
    /// The `format` field names another kind of file.
    case unsupportedFormat(found: String)
    /// The file's `version` is not one this build reads.
    case unsupportedVersion(found: Int)
    /// The policy was made for another game (or other parameters).
    case gameMismatch(policy: String, expected: String)
    /// The policy's action index space differs from the game's.
    case actionCountMismatch(policy: Int, expected: Int)
    /// An information state's probabilities are not a distribution over the action indices.
    case badProbabilities(informationState: String, reason: String)
    /// The policy names an information state the game never reaches.
    case unknownInformationState(String, game: String)
    /// The policy puts probability on an action that is not legal in that information state.
    case illegalAction(informationState: String, action: Int, legal: [Int])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read policy file '\(path)': \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write policy file '\(path)': \(reason)"
        case .malformed(let reason):
            return "not a valid policy file: \(reason). See docs/policy-format.md for the format."
        case .unsupportedFormat(let found):
            return "not a tabular policy file: format is '\(found)', expected '\(TabularPolicy.formatName)'"
        case .unsupportedVersion(let found):
            return "policy file version \(found) is not supported; this build reads version \(TabularPolicy.formatVersion)"
        case .gameMismatch(let policy, let expected):
            return "the policy is for '\(policy)', not '\(expected)'; solve or load a policy for \(expected)"
        case .actionCountMismatch(let policy, let expected):
            return "the policy has \(policy) action indices per information state; the game has \(expected)"
        case .badProbabilities(let informationState, let reason):
            return "information state '\(informationState)': \(reason)"
        case .unknownInformationState(let informationState, let game):
            return "information state '\(informationState)' does not occur in \(game)"
        case .illegalAction(let informationState, let action, let legal):
            return
                "information state '\(informationState)': action \(action) has probability above 0 but is not legal there; legal actions: \(legal.map(String.init).joined(separator: ", "))"
        }
    }
}
