// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "agent-metrics",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "agent-metrics", targets: ["Main"]),
        .library(name: "HTTPCore", targets: ["HTTPCore"]),
        .library(name: "MetricsService", targets: ["MetricsService"]),
        .executable(name: "agent-metrics-load", targets: ["AgentMetricsLoad"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.28.0"),
    ],
    targets: [
        .target(name: "CEpoll", cSettings: [.define("_GNU_SOURCE")]),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CMongoC",
            pkgConfig: "libmongoc-1.0",
            providers: [.apt(["libmongoc-dev", "libbson-dev"])]
        ),
        // gzip: OTLP request bodies, and large UI responses (HTTPCore's `CompressibleResponse`).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // OTLP trace messages generated from the vendored opentelemetry-proto files (Protos/, Apache-2.0) by
        // scripts/generate-otlp.sh; committed so builds need no protoc.
        .target(
            name: "OTLPProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // Go durations and RFC 3339 timestamps without Foundation: one implementation for the server and the load
        // generator.
        .target(name: "TimeFormats"),
        .target(
            name: "HTTPCore",
            dependencies: [
                "CEpoll",
                "COpenSSL",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            // The connection code is loop-confined; dynamic exclusivity checks cost ~4% of CPU per request
            // in release builds (measured with wrk, see BENCHMARKS.md). Debug and TSan builds keep them.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "MetricsService",
            dependencies: [
                "HTTPCore",
                "TimeFormats",
                "CMongoC",
                // libcrypto's SHA-256 and CRYPTO_memcmp for API keys: already linked for TLS.
                "COpenSSL",
                // OTLP/HTTP ingest (Sources/MetricsService/OTLP): the protobuf messages (gzip is HTTPCore's `Gzip`).
                "OTLPProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            // The OpenAPI contract served at /openapi.yaml: a symlink to the repository's openapi.yaml, compiled
            // in as a byte array (no Foundation Bundle at run time; the file stays a plain file for editors).
            // The dashboard's page, script and style sheet the same way (Dashboard/DashboardPage.swift).
            resources: [
                .embedInCode("OpenAPI/openapi.yaml"),
                .embedInCode("Dashboard/Assets/index.html"),
                .embedInCode("Dashboard/Assets/dashboard.js"),
                .embedInCode("Dashboard/Assets/dashboard.css"),
                .embedInCode("Dashboard/Assets/api.js"),
                .embedInCode("Dashboard/Assets/charts.js"),
                .embedInCode("Dashboard/Assets/common.js"),
                .embedInCode("Dashboard/Assets/compare.js"),
                .embedInCode("Dashboard/Assets/overview.js"),
                .embedInCode("Dashboard/Assets/version.js"),
            ]
        ),
        .executableTarget(
            name: "Main",
            dependencies: [
                "HTTPCore",
                "MetricsService",
                "TimeFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Load side of scripts/bench-ingest.sh: the libmongoc baseline and the HTTP client. Not a
        // dependency of the server binary.
        .executableTarget(
            name: "IngestDriverBench",
            dependencies: ["MetricsService"],
            path: "LoadTests/IngestDriverBench"
        ),
        // The API key check alone in a tight loop (scripts/bench-auth.sh): its cost without wrk's noise.
        .executableTarget(
            name: "AuthCheckBench",
            dependencies: ["MetricsService", "HTTPCore", .product(name: "Logging", package: "swift-log")],
            path: "LoadTests/AuthCheckBench"
        ),
        // The load generator: its own targets under LoadTests/, so the server never links Histogram.
        .target(
            name: "LoadGenerator",
            dependencies: [
                "HTTPCore", "COpenSSL", "CEpoll", "TimeFormats",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "LoadTests/Sources/LoadGenerator"
        ),
        .executableTarget(
            name: "AgentMetricsLoad",
            dependencies: [
                "LoadGenerator", "HTTPCore", "COpenSSL", "CEpoll", "TimeFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "LoadTests/Sources/AgentMetricsLoad"
        ),
        .testTarget(
            name: "LoadGeneratorTests",
            dependencies: [
                "LoadGenerator", "HTTPCore", "TimeFormats", .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "LoadTests/Tests/LoadGeneratorTests"
        ),
        // libFuzzer harness for the request parser (`make fuzz`), built only with -sanitize=fuzzer.
        // libFuzzer provides `main`, so this is a library target that scripts/fuzz.sh links itself.
        .target(name: "ParserFuzz", dependencies: ["HTTPCore"], path: "LoadTests/ParserFuzz", exclude: ["corpus"]),
        // The other decoders' harnesses, built and linked the same way (scripts/fuzz.sh, FUZZING.md).
        .target(
            name: "JSONFuzz", dependencies: ["MetricsService"], path: "LoadTests/JSONFuzz",
            exclude: ["corpus", "fuzz.dict"]),
        .target(
            name: "RunBatchFuzz", dependencies: ["MetricsService", "TimeFormats"], path: "LoadTests/RunBatchFuzz",
            exclude: ["corpus", "fuzz.dict"]),
        .target(
            name: "DurationDateFuzz", dependencies: ["TimeFormats"], path: "LoadTests/DurationDateFuzz",
            exclude: ["corpus", "fuzz.dict"]),
        .target(
            name: "QueryFuzz", dependencies: ["HTTPCore", "MetricsService"], path: "LoadTests/QueryFuzz",
            exclude: ["corpus"]),
        .target(
            name: "OTLPFuzz",
            dependencies: ["MetricsService", "OTLPProto", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "LoadTests/OTLPFuzz", exclude: ["corpus", "fuzz.dict", "make-seeds.py"]),
        .target(
            name: "TLSFuzz", dependencies: ["HTTPCore", "COpenSSL", "TLSTestSupport"], path: "LoadTests/TLSFuzz",
            exclude: ["corpus"]),
        // The client end of TLS over memory BIOs, shared by HTTPCoreTests and TLSFuzz.
        .target(name: "TLSTestSupport", dependencies: ["COpenSSL"], path: "Tests/TLSTestSupport"),
        // Raw-socket client and process runner shared by the integration tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "HTTPCoreTests",
            dependencies: [
                "HTTPCore", "COpenSSL", "TestSupport", "TLSTestSupport",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]),
        // LoadGenerator: the generator's ingest runs against the real service in LoadGeneratorIngestTests.
        // OTLPProto and SwiftProtobuf: the OTLP tests build messages to compare readers.
        .testTarget(
            name: "MetricsServiceTests",
            dependencies: [
                "MetricsService", "HTTPCore", "TestSupport", "LoadGenerator", "OTLPProto", "TimeFormats",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .testTarget(name: "TimeFormatsTests", dependencies: ["TimeFormats"]),
    ],
    swiftLanguageModes: [.v6]
)
