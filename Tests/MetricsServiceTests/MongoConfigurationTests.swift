import Testing

@testable import MetricsService

@Suite struct MongoConfigurationTests {
    @Test func appendsTimeoutsToABareURI() {
        let configuration = MongoConfiguration(uri: "mongodb://localhost:27017")
        #expect(
            configuration.effectiveURI
                == "mongodb://localhost:27017/?serverSelectionTimeoutMS=2000"
                + "&connectTimeoutMS=2000&socketTimeoutMS=10000"
        )
    }

    @Test func keepsOptionsTheURIAlreadySets() {
        let configuration = MongoConfiguration(
            uri: "mongodb://h:1/db?serverSelectionTimeoutMS=500", operationTimeout: .milliseconds(1500))
        #expect(
            configuration.effectiveURI
                == "mongodb://h:1/db?serverSelectionTimeoutMS=500&connectTimeoutMS=1500&socketTimeoutMS=10000")
    }

    @Test func defaultsToTwiceTheCores() {
        #expect(MongoConfiguration().threadCount >= 2)
        #expect(MongoConfiguration().databaseName == "agent_metrics")
    }
}
