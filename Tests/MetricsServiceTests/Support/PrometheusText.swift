import Foundation
import TestSupport

/// A `/metrics` body as Prometheus' own Python parser (`prometheus_client`, in the test venv) reads it.
struct PrometheusText {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Family {
        var type: String
        var samples: [Sample]
    }

    struct ParseFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Families by name as the parser names them (a counter `x_total` is family `x`).
    let families: [String: Family]

    private static let script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = {}
        for family in text_string_to_metric_families(sys.stdin.read()):
            out[family.name] = {"type": family.type,
                                "samples": [[s.name, s.labels, s.value] for s in family.samples]}
        print(json.dumps(out))
        """

    /// Parses `text`; throws with the parser's complaint when it is not valid exposition text.
    init(_ text: String) throws {
        let python = TestDatabase.packageRoot.appendingPathComponent(".venv/bin/python").path
        let result = try ExternalProcess.run(python, ["-c", Self.script], input: text)
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: [String: Any]]
        else { throw ParseFailure(description: "prometheus_client rejected the exposition: \(result.errorOutput)") }
        var families: [String: Family] = [:]
        for (name, family) in object {
            let samples = (family["samples"] as? [[Any]] ?? []).map { entry in
                Sample(
                    name: entry[0] as? String ?? "", labels: entry[1] as? [String: String] ?? [:],
                    value: (entry[2] as? NSNumber)?.doubleValue ?? .nan)
            }
            families[name] = Family(type: family["type"] as? String ?? "", samples: samples)
        }
        self.families = families
    }

    /// The samples of `family` whose labels include `labels`.
    func samples(_ family: String, _ labels: [String: String] = [:]) -> [Sample] {
        (families[family]?.samples ?? []).filter { sample in labels.allSatisfy { sample.labels[$0.key] == $0.value } }
    }
}
