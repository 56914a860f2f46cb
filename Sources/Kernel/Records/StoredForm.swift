// A record's JSON form as kept in its row (`rendered`, for schemas that keep it): written by the
// same `RecordLayout.Writer` that writes pages, when the record is written, so that a page copies
// each record's bytes instead of reading every column and escaping every text again.
//
// The names of referenced records (`territory_name`) change apart from the record, so they are not
// kept: the form marks where each goes and which record it names, and the reader writes the name
// there from `ReferenceNames`, as the page writer does. Laid out as:
//
//     fingerprint   8 bytes, little-endian: the layout it was made for (`RecordLayout.fingerprint`)
//     holes         1 byte: how many names go into the bytes
//     each hole    16 bytes: where in the bytes (UInt32), which of the layout's references
//                  (UInt32), the id it names (Int64), each little-endian
//     bytes        the JSON form without those names
//
// A form of another layout (the schema changed, or the writer's output did) or of no known shape is
// not used: the record is written from its columns instead, and `RecordStore.keepStoredForms`
// makes it again.
import Foundation

enum StoredForm {
    /// Where a referenced record's name goes in the bytes of a form.
    struct Hole {
        var position: UInt32
        var reference: UInt32
        var id: Int64
    }

    /// What the writer gathers while it writes a record to keep.
    struct Holes {
        var list: [Hole] = []
        /// False when a reference's id is neither an integer nor NULL (only in a table that is not
        /// STRICT): such a record is not kept, and is written from its columns each time.
        var keepable = true
    }

    static let fingerprintSize = 8, headerSize = fingerprintSize + 1, holeSize = 16
    /// At most this many names in a form (the count is one byte).
    static let maximumHoles = 255

    /// The form of a record whose JSON form without names is `bytes`, with `holes`.
    static func make(fingerprint: UInt64, holes: [Hole], bytes: [UInt8]) -> [UInt8]? {
        guard holes.count <= maximumHoles else { return nil }
        var form: [UInt8] = []
        form.reserveCapacity(headerSize + holes.count * holeSize + bytes.count)
        append(fingerprint, to: &form)
        form.append(UInt8(holes.count))
        for hole in holes {
            append(UInt64(hole.position), count: 4, to: &form)
            append(UInt64(hole.reference), count: 4, to: &form)
            append(UInt64(bitPattern: hole.id), to: &form)
        }
        form += bytes
        return form
    }

    /// A fingerprint as a form begins with it.
    static func fingerprintBytes(_ fingerprint: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        append(fingerprint, to: &bytes)
        return bytes
    }

    private static func append(_ value: UInt64, count: Int = 8, to form: inout [UInt8]) {
        for index in 0 ..< count { form.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    /// The fingerprint `form` was made for, nil when it is too short to have one.
    @inline(__always)
    static func fingerprint(_ form: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard form.count >= headerSize, let start = form.baseAddress else { return nil }
        return UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
    }

    /// The holes of `form` (already known to have the right fingerprint) and where its bytes begin,
    /// or nil when they are not a form of a layout with `references` references: holes beyond the
    /// bytes, out of order, or naming no reference.
    @inline(__always)
    static func holes(_ form: UnsafeBufferPointer<UInt8>, references: Int) -> (holes: UnsafeRawPointer, count: Int, bytes: Int)? {
        let start = UnsafeRawPointer(form.baseAddress.unsafelyUnwrapped)
        let count = Int(form[8])
        let bytes = headerSize + count * holeSize
        guard bytes <= form.count else { return nil }
        let holes = start + headerSize
        var last = 0
        for index in 0 ..< count {
            let position = Int(hole(holes, index).position), reference = Int(hole(holes, index).reference)
            guard position >= last, position <= form.count - bytes, reference < references else { return nil }
            last = position
        }
        return (holes, count, bytes)
    }

    @inline(__always)
    static func hole(_ holes: UnsafeRawPointer, _ index: Int) -> Hole {
        let at = holes + index * holeSize
        return Hole(position: UInt32(littleEndian: at.loadUnaligned(as: UInt32.self)),
                    reference: UInt32(littleEndian: (at + 4).loadUnaligned(as: UInt32.self)),
                    id: Int64(littleEndian: (at + 8).loadUnaligned(as: Int64.self)))
    }
}
