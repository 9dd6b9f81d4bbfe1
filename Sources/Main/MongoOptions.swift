import ArgumentParser
import MetricsService

/// The MongoDB flags, shared by every command that talks to the database.
struct MongoOptions: ParsableArguments {
    @Option(name: .customLong("mongo-uri"), help: "MongoDB connection URI (env AGENT_METRICS_MONGO_URI or MONGO_URL).")
    var mongoURI = EnvironmentDefault.value(
        "AGENT_METRICS_MONGO_URI", "MONGO_URL", default: "mongodb://localhost:27017")

    @Option(help: "MongoDB database name (env AGENT_METRICS_DB_NAME).")
    var dbName = EnvironmentDefault.value("AGENT_METRICS_DB_NAME", default: "agent_metrics")

    @Option(help: "Threads (and so MongoDB clients) for blocking database calls (env AGENT_METRICS_MONGO_THREADS).")
    var mongoThreads = EnvironmentDefault.value(
        "AGENT_METRICS_MONGO_THREADS", default: MongoConfiguration.defaultThreadCount)

    @Option(
        help: ArgumentHelp(
            "Most database operations that may wait for a thread; more are answered 503 overloaded at once "
                + "(env AGENT_METRICS_MONGO_QUEUE_LIMIT)."))
    var mongoQueueLimit = EnvironmentDefault.value(
        "AGENT_METRICS_MONGO_QUEUE_LIMIT", default: MongoConfiguration.defaultQueueLimit)

    @Option(
        help: ArgumentHelp(
            "Longest a database operation may wait for a thread before its request is answered 503 overloaded: "
                + "a Go duration or seconds (env AGENT_METRICS_MONGO_WAIT_TIMEOUT)."))
    var mongoWaitTimeout = EnvironmentDefault.value(
        "AGENT_METRICS_MONGO_WAIT_TIMEOUT", default: DurationFlag(duration: .seconds(5)))

    func validate() throws {
        if mongoQueueLimit < 1 { throw ValidationError("--mongo-queue-limit must be at least 1.") }
        if mongoThreads < 1 { throw ValidationError("--mongo-threads must be at least 1.") }
        if dbName.isEmpty { throw ValidationError("--db-name must not be empty.") }
    }

    var configuration: MongoConfiguration {
        MongoConfiguration(
            uri: mongoURI, databaseName: dbName, threadCount: mongoThreads, queueLimit: mongoQueueLimit,
            waitTimeout: mongoWaitTimeout.duration)
    }
}
