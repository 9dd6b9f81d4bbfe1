import ArgumentParser

/// `agent-metrics`: the server (default) and, later, the standalone worker.
@main
struct AgentMetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-metrics",
        abstract: "Track AI agents, their versions and runs, with a metrics dashboard.",
        subcommands: [ServerCommand.self, WorkerCommand.self, KeysCommand.self],
        defaultSubcommand: ServerCommand.self
    )
}
