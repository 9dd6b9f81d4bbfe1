import TestSupport
import TimeFormats

@testable import MetricsService

/// Random run objects as JSON text, each with the answer the server must give: whether it is
/// valid (every field within `FieldBounds` and of the right type) and, when it is, the run that
/// must be stored and listed back. Values cluster at the bounds, on both sides of them.
struct RunJSONGenerator {
    /// What a valid run must come back as.
    struct Expected: Equatable {
        var id: Int64
        var taskId: Int64?
        var status: String
        /// Nil: not given, so the receive time.
        var createdMs: Int64?
        var timeTakenText: String?
        var timeTakenSeconds: Double?
        var initiator = ""
        var tools: [String] = []
        var models: [String] = []
        var cost: Double = 0
    }

    struct Generated {
        var json: String
        var valid: Bool
        var expected: Expected
    }

    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    private mutating func pick<T>(_ values: [T]) -> T { values.randomElement(using: &random)! }

    /// One field's JSON text (nil: absent) and whether it is valid.
    typealias Field = (text: String?, valid: Bool)

    static let alphabet: [String] = ["a", "Z", "0", " ", "é", "中", "😀", "\"", "\\", "\n", "\u{1F}", "/", "$", "."]

    /// A string of exactly `bytes` UTF-8 bytes (padding with ASCII where a character would not fit). One in 40
    /// starts with U+0000, which makes it invalid (see `storable`): rare enough that most runs stay valid.
    mutating func text(bytes: Int) -> String {
        var result = ""
        var used = 0
        if bytes > 0 && chance(0.025) {
            result = "\u{0}"
            used = 1
        }
        while used < bytes {
            var next = pick(Self.alphabet)
            if used + next.utf8.count > bytes { next = "x" }
            result += next
            used += next.utf8.count
        }
        return result
    }

    /// Whether a string within its length bound is valid: no U+0000 (`FieldBounds.containsNUL`), which `text`
    /// sometimes writes so the rule is exercised.
    static func storable(_ string: String) -> Bool { !FieldBounds.containsNUL(string) }

    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    mutating func integer(required: Bool) -> (Field, Int64?) {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return ((nil, !required), nil)
        case 1: return (("null", !required), nil)
        case 2: let n = pick([Int64.min, Int64.max, 0, -1]); return (("\(n)", true), n)
        case 3: let n = Int64.random(in: -(1 << 53)...(1 << 53), using: &random); return (("\(n).0", true), n)
        case 4: return (("1e3", true), 1000)
        case 5: return ((pick(["1.5", "\"7\"", "true", "9223372036854775808", "-1e19", "{}"]), false), nil)
        default: let n = Int64.random(in: .min ... .max, using: &random); return (("\(n)", true), n)
        }
    }

    mutating func status() -> (Field, String) {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ((pick([nil, "null", "\"\"", "7", "[\"ok\"]"]), false), "")
        case 1: let s = text(bytes: FieldBounds.maximumStatusBytes + 1); return ((Self.quoted(s), false), s)
        case 2: let s = text(bytes: FieldBounds.maximumStatusBytes); return ((Self.quoted(s), Self.storable(s)), s)
        case 3, 4:
            let s = pick(["completed", "failed", "running", "timeout", "success"]); return ((Self.quoted(s), true), s)
        default:
            let s = text(bytes: Int.random(in: 1...40, using: &random)); return ((Self.quoted(s), Self.storable(s)), s)
        }
    }

    /// `created` as RFC 3339 text at `milliseconds` UTC, written with a random offset and
    /// fraction digits, or nil when no 4-digit local year can express it.
    mutating func timestamp(_ milliseconds: Int64) -> String? {
        let offsetMinutes = chance(0.5) ? 0 : Int64.random(in: -(23 * 60 + 59)...(23 * 60 + 59), using: &random)
        let local = milliseconds + offsetMinutes * 60_000
        guard local >= -62_167_219_200_000, local <= 253_402_300_799_999 else { return nil }  // years 0000...9999
        var text = RFC3339.format(milliseconds: local - ((local % 1000) + 1000) % 1000)  // whole seconds, "...Z"
        text.removeLast()
        let millis = ((local % 1000) + 1000) % 1000
        if millis != 0 || chance(0.3) {
            let digits = String(millis)
            text += "." + String(repeating: "0", count: 3 - digits.count) + digits
            if chance(0.3) { text += String(Int.random(in: 0...999_999, using: &random)) }  // truncated away
        }
        if offsetMinutes == 0 {
            text += chance(0.2) ? "z" : "Z"
        } else {
            let magnitude = abs(offsetMinutes)
            let hours = String(magnitude / 60)
            let minutes = String(magnitude % 60)
            text +=
                (offsetMinutes < 0 ? "-" : "+") + (hours.count == 1 ? "0" : "") + hours + ":"
                + (minutes.count == 1 ? "0" : "") + minutes
        }
        return text
    }

    mutating func created() -> (Field, Int64?) {
        let bounds = FieldBounds.dates
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ((nil, true), nil)
        case 1:
            let outside = pick([
                bounds.lowerBound - 1, bounds.upperBound + 1, -62_135_596_800_000, bounds.lowerBound - 86_400_000,
            ])
            guard let text = timestamp(outside) else { return ((Self.quoted("0001-01-01T00:00:00+01:00"), false), nil) }
            return ((Self.quoted(text), false), nil)
        case 2:
            return (
                (pick(["\"yesterday\"", "\"2023-02-30T00:00:00Z\"", "\"2023-08-01T24:00:00Z\"", "1690000000"]), false),
                nil
            )
        default:
            let milliseconds =
                chance(0.3) ? pick([bounds.lowerBound, bounds.upperBound]) : Int64.random(in: bounds, using: &random)
            guard let text = timestamp(milliseconds) else { return ((nil, true), nil) }
            return ((Self.quoted(text), true), milliseconds)
        }
    }

    mutating func timeTaken() -> (Field, (text: String, seconds: Double)?) {
        let maximum = FieldBounds.maximumTimeTakenSeconds
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ((nil, true), nil)
        case 1:
            let bad = pick([
                "-1", "-0.5", "2592000.5", "1e300", "\"-1s\"", "\"720h0m1s\"", "\"2562047h\"", "\"5 minutes\"", "true",
                Self.quoted(String(repeating: "0", count: 64) + "1s"),
            ])
            return ((bad, false), nil)
        case 2, 3, 4:
            let seconds = chance(0.2) ? pick([0, maximum]) : Double.random(in: 0...maximum, using: &random)
            return (("\(seconds)", true), (GoDuration.format(seconds: seconds), seconds))
        default:
            let nanoseconds =
                chance(0.2)
                ? pick([0, Int64(maximum) * 1_000_000_000])
                : Int64.random(in: 0...Int64(maximum) * 1_000_000_000, using: &random)
            let text = GoDuration.format(nanoseconds: nanoseconds)
            return ((Self.quoted(text), true), (text, Double(nanoseconds) / 1e9))
        }
    }

    mutating func optionalText() -> (Field, String) {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ((nil, true), "")
        case 1: let s = text(bytes: FieldBounds.maximumTextBytes + 1); return ((Self.quoted(s), false), s)
        case 2: return ((pick(["7", "[]", "{}"]), false), "")
        case 3: let s = text(bytes: FieldBounds.maximumTextBytes); return ((Self.quoted(s), Self.storable(s)), s)
        default:
            let s = text(bytes: Int.random(in: 0...30, using: &random)); return ((Self.quoted(s), Self.storable(s)), s)
        }
    }

    mutating func list() -> (Field, [String]) {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return ((nil, true), [])
        case 1: return ((pick(["\"t\"", "[1]", "[\"a\",null]", "{}"]), false), [])
        case 2: return (("[\"\(String(repeating: "t", count: FieldBounds.maximumTextBytes + 1))\"]", false), [])
        case 3 where chance(0.1):
            let count = FieldBounds.maximumListCount + (chance(0.5) ? 1 : 0)
            let items = Array(repeating: "t", count: count)
            return (
                ("[" + items.map(Self.quoted).joined(separator: ",") + "]", count <= FieldBounds.maximumListCount),
                items
            )
        default:
            let items = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                text(bytes: Int.random(in: 0...20, using: &random))
            }
            return (("[" + items.map(Self.quoted).joined(separator: ",") + "]", items.allSatisfy(Self.storable)), items)
        }
    }

    mutating func cost() -> (Field, Double) {
        let maximum = FieldBounds.maximumCost
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ((nil, true), 0)
        case 1:
            return (
                (pick(["-0.01", "-1e-300", "1000000.0000001", "5e12", "1e303", "2e13", "\"1\"", "true"]), false), 0
            )
        case 2: let value = pick([0, -0.0, maximum, 1e-300, 0.000_000_5]); return (("\(value)", true), value)
        case 3: return (("1000000", true), maximum)
        default: let value = Double.random(in: 0...maximum, using: &random); return (("\(value)", true), value)
        }
    }

    /// One run object, its fields in a random order, sometimes with members the server ignores.
    mutating func next() -> Generated {
        let (id, idValue) = integer(required: true)
        let (taskId, taskValue) = integer(required: false)
        let (status, statusValue) = status()
        let (created, createdValue) = created()
        let (timeTaken, timeTakenValue) = timeTaken()
        let (initiator, initiatorValue) = optionalText()
        let (tools, toolsValue) = list()
        let (models, modelsValue) = list()
        let (cost, costValue) = cost()
        var members: [(String, Field)] = [
            ("id", id), ("task_id", taskId), ("status", status), ("created", created), ("time_taken", timeTaken),
            ("initiator", initiator), ("tools", tools), ("models", models), ("cost", cost),
        ]
        if chance(0.2) { members.append(("extra", (#"{"$gt":""}"#, true))) }
        members.shuffle(using: &random)
        let json =
            "{"
            + members.compactMap { name, field in field.text.map { Self.quoted(name) + ":" + $0 } }
            .joined(separator: ",") + "}"
        let expected = Expected(
            id: idValue ?? 0, taskId: taskValue, status: statusValue, createdMs: createdValue,
            timeTakenText: timeTakenValue?.text, timeTakenSeconds: timeTakenValue?.seconds, initiator: initiatorValue,
            tools: toolsValue, models: modelsValue, cost: costValue)
        return Generated(json: json, valid: members.allSatisfy { $0.1.valid }, expected: expected)
    }
}
