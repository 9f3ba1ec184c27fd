import Testing

/// Runs `body`, which must record exactly the kind of issue a failed expectation records: one
/// whose text contains `fragment`, at line `line` of this test file. Any other issue, or
/// none, fails the calling test.
func expectIssue(
    containing fragment: String, atLine line: Int, fileID: String = #fileID,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () -> Void
) {
    withKnownIssue("an expectation that must fail", sourceLocation: sourceLocation) {
        body()
    } matching: { issue in
        let text = issue.comments.map(\.rawValue).joined(separator: "\n")
        return text.contains(fragment) && issue.sourceLocation?.line == line && issue.sourceLocation?.fileID == fileID
    }
}
