/// Close matches for a mistyped name (a command, a status code, a login), to suggest.
public enum Spelling {
    /// Up to three candidates close to `text`: those containing it or contained in it first, then
    /// those within a small edit distance, nearest first.
    public static func closeMatches(_ text: String, in candidates: [String]) -> [String] {
        let needle = text.lowercased()
        guard !needle.isEmpty else { return [] }
        let scored = candidates.map { candidate -> (String, Int) in
            let lower = candidate.lowercased()
            if lower.contains(needle) || (needle.contains(lower) && lower.count >= 3) { return (candidate, 0) }
            return (candidate, editDistance(needle, lower))
        }
        let limit = max(2, needle.count / 3)
        return scored.filter { $0.1 <= limit }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Levenshtein distance between two strings.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
