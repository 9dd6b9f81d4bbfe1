import Testing
@testable import MetricsService
