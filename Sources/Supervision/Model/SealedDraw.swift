// The 四不两直 draw: targets drawn at random from a secret, sealed by a SHA-256 commitment over a
// canonical text of the list and the secret. Anyone holding the revealed list and secret can
// recompute both the commitment and the draw itself.
import Kernel

/// A drawn target: a territory and the enterprises drawn in it.
struct DrawTarget: Hashable, Sendable {
    var territoryID: Int64
    var enterpriseIDs: [Int64]

    var json: JSON { .object(["territory_id": .int(territoryID), "enterprise_ids": .array(enterpriseIDs.map { .int($0) })]) }

    static func parse(_ value: JSON) -> [DrawTarget]? {
        guard case .array(let items) = value else { return nil }
        var targets: [DrawTarget] = []
        for item in items {
            guard let territory = item["territory_id"]?.intValue, case .array(let enterprises)? = item["enterprise_ids"] else { return nil }
            let ids = enterprises.compactMap(\.intValue)
            guard ids.count == enterprises.count else { return nil }
            targets.append(DrawTarget(territoryID: territory, enterpriseIDs: ids))
        }
        return targets
    }
}

/// What the draw chooses from (public: knowing the pool reveals nothing of the choice).
struct DrawPool: Sendable {
    /// Eligible territories (covered by the group this quarter, not visited by it last quarter).
    var eligible: [Int64]
    /// Territories visited last quarter: drawn only when no other is left.
    var fallback: [Int64]
    /// Enterprises per territory, sorted by id.
    var enterprises: [Int64: [Int64]]

    var json: JSON {
        .object(["eligible": .array(eligible.map { .int($0) }), "fallback": .array(fallback.map { .int($0) }),
                 "enterprises": .object(enterprises.keys.sorted().map { JSON.Member(String($0), .array((enterprises[$0] ?? []).map { .int($0) })) })])
    }

    static func parse(_ value: JSON) -> DrawPool? {
        guard case .array(let e)? = value["eligible"], case .array(let f)? = value["fallback"], case .object(let members)? = value["enterprises"] else { return nil }
        var enterprises: [Int64: [Int64]] = [:]
        for member in members {
            guard let key = Int64(member.key), case .array(let ids) = member.value else { return nil }
            enterprises[key] = ids.compactMap(\.intValue)
        }
        return DrawPool(eligible: e.compactMap(\.intValue), fallback: f.compactMap(\.intValue), enterprises: enterprises)
    }
}

enum SealedDraw {
    /// SplitMix64 seeded from the secret: the same secret always draws the same targets.
    struct Generator {
        var random: SeededRandom
        init(secret: [UInt8]) {
            let digest = Crypto.sha256(Array("anwei.draw.seed".utf8) + secret)
            random = SeededRandom(state: digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
        }
        mutating func next() -> UInt64 { random.next() }
        mutating func shuffled(_ items: [Int64]) -> [Int64] {
            var items = items.sorted()
            guard items.count > 1 else { return items }
            for i in stride(from: items.count - 1, to: 0, by: -1) {
                let j = Int(next() % UInt64(i + 1))
                items.swapAt(i, j)
            }
            return items
        }
    }

    /// Draws `count` territories (eligible first, last quarter's only when none other is left) and
    /// `perTerritory` enterprises in each.
    static func draw(pool: DrawPool, count: Int, perTerritory: Int, secret: [UInt8]) -> [DrawTarget] {
        var generator = Generator(secret: secret)
        let order = generator.shuffled(pool.eligible) + generator.shuffled(pool.fallback)
        return order.prefix(count).map { territory in
            DrawTarget(territoryID: territory, enterpriseIDs: Array(generator.shuffled(pool.enterprises[territory] ?? []).prefix(perTerritory)))
        }
    }

    /// The canonical text the commitment hashes: version, group, quarter, targets in drawn order, secret.
    static func canonical(group: Int64, quarter: String, targets: [DrawTarget], secretHex: String) -> String {
        let list = targets.map { "\($0.territoryID):" + $0.enterpriseIDs.map(String.init).joined(separator: ",") }.joined(separator: ";")
        return "anwei.sealed-draw.v1\ngroup=\(group)\nquarter=\(quarter)\ntargets=\(list)\nsecret=\(secretHex.lowercased())\n"
    }

    static func commitment(group: Int64, quarter: String, targets: [DrawTarget], secretHex: String) -> String {
        Crypto.sha256Hex(canonical(group: group, quarter: quarter, targets: targets, secretHex: secretHex))
    }
}
