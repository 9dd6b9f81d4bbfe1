/// Turns a request body into the members of one JSON object.
enum RequestBody {
    /// Parses `body` as a JSON object. Arrays, strings, numbers and `null` are `invalid_field`
    /// errors on `body`; bytes that are not JSON are `invalid_json`. With `emptyMeansEmptyObject`
    /// an empty or all-whitespace body reads as `{}` (for `register`, whose body is optional).
    static func object(
        from body: [UInt8],
        emptyMeansEmptyObject: Bool = false
    ) throws(APIError) -> [(String, JSONValue)] {
        if emptyMeansEmptyObject && body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return []
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw .invalidJSON(error)
        }
        guard case .object(let members) = value else {
            throw .invalidFields([
                FieldError(field: "body", message: "must be a JSON object, not \(value.typeDescription)")
            ])
        }
        return members
    }
}
