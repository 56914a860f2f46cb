// "Did you mean …?" for mistyped commands and options.

/// The candidate closest to `input` by edit distance, when at most two edits away and closer than
/// the input is long (so "ls" never suggests "rm"); nil when nothing is that close.
func suggestion(for input: String, among candidates: [String]) -> String? {
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(input, candidate)
        guard distance <= 2, distance < input.count else { continue }
        if let best, best.distance <= distance { continue }
        best = (candidate, distance)
    }
    return best?.candidate
}

/// Levenshtein distance over characters (insertions, deletions and substitutions).
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
