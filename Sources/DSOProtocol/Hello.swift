import DSOModel
import Foundation

/// Answer to `GET /v1/hello`: who the server is, who the caller is, and the limits in force.
public struct Hello: Codable, Hashable, Sendable {
    public struct User: Codable, Hashable, Sendable {
        public var login: String
        public var name: String?
        public var role: Role

        public init(login: String, name: String?, role: Role) {
            self.login = login
            self.name = name
            self.role = role
        }
    }

    public var server: String
    public var serverID: UUID
    public var serverTime: Date
    public var protocolVersions: [Int]
    public var user: User
    public var limits: Limits

    public init(server: String, serverID: UUID, serverTime: Date, protocolVersions: [Int], user: User, limits: Limits) {
        self.server = server
        self.serverID = serverID
        self.serverTime = serverTime
        self.protocolVersions = protocolVersions
        self.user = user
        self.limits = limits
    }
}
