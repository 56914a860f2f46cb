// Password hashing: PBKDF2-HMAC-SHA256 with a per-user random salt, compared in constant time.
// Stored as `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`.

public enum PasswordHash {
    public static func make(_ password: String, iterations: Int) -> String {
        let salt = Crypto.randomBytes(16)
        let hash = Crypto.pbkdf2SHA256(password: password, salt: salt, iterations: iterations)
        return "pbkdf2-sha256$\(iterations)$\(Crypto.hex(salt))$\(Crypto.hex(hash))"
    }

    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]), iterations > 0,
              let salt = Crypto.fromHex(parts[2]), let expected = Crypto.fromHex(parts[3]) else { return false }
        let actual = Crypto.pbkdf2SHA256(password: password, salt: salt, iterations: iterations, length: expected.count)
        return Crypto.constantTimeEqual(actual, expected)
    }

    /// Why a new password is not acceptable, or nil.
    public static func weakness(_ password: String) -> String? {
        if password.count < 10 { return "密码至少 10 个字符 (must be at least 10 characters)" }
        if Set(password).count < 4 { return "密码至少含 4 个不同的字符 (must use at least 4 different characters)" }
        return nil
    }
}

extension PasswordHash {
    /// A stored form no password matches, of the same cost as a real one (a 16-byte salt, a
    /// 32-byte hash): checked against when there is no account, so the check takes as long.
    public static func dummy(iterations: Int) -> String {
        "pbkdf2-sha256$\(iterations)$\(String(repeating: "5a", count: 16))$\(String(repeating: "00", count: 32))"
    }
}
