import TestSupport
import Testing

extension TestServer {
    /// Sends `request` on its own connection to a fresh server, between two requests of a keep-alive bystander,
    /// and returns the answer, having checked that the server closed that connection and still served the
    /// bystander and a new connection afterwards.
    static func refusal(of request: String) throws -> TestClient.Response {
        let server = try TestServer()
        defer { server.stop() }
        let bystander = try TestClient(port: server.port)
        try bystander.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try bystander.readResponse().status == 200)

        let client = try TestClient(port: server.port)
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.header("Connection")?.lowercased() == "close")
        #expect(client.waitForClose())

        try bystander.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try bystander.readResponse().status == 200)
        #expect(try TestClient.get("/hello", port: server.port).status == 200)
        return response
    }
}
