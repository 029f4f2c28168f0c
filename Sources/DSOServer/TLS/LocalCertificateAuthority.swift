import Crypto
import Foundation
import SwiftASN1
import X509

/// A private certificate authority made once under the data directory, so that a server
/// started without `--tls-cert`/`--tls-key` still speaks real TLS that clients can verify.
///
/// Files: `tls/ca.pem` (give it to clients: `dso init --ca`), `tls/ca-key.pem`,
/// `tls/server.pem` (SAN `localhost` and `127.0.0.1`), `tls/server-key.pem`.
public struct LocalCertificateAuthority: Sendable {
    public let directory: URL

    public var caCertificate: URL { directory.appendingPathComponent("ca.pem") }
    public var caKey: URL { directory.appendingPathComponent("ca-key.pem") }
    public var serverCertificate: URL { directory.appendingPathComponent("server.pem") }
    public var serverKey: URL { directory.appendingPathComponent("server-key.pem") }

    public init(dataDirectory: URL) {
        directory = dataDirectory.appendingPathComponent("tls")
    }

    /// Creates the CA and the server certificate unless they already exist.
    /// Returns `true` when it created them.
    @discardableResult
    public func ensure(hostnames: [String] = ["localhost"], ipAddresses: [[UInt8]] = [[127, 0, 0, 1]]) throws -> Bool {
        let fm = FileManager.default
        if fm.fileExists(atPath: serverCertificate.path) && fm.fileExists(atPath: serverKey.path)
            && fm.fileExists(atPath: caCertificate.path) { return false }
        try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])

        let now = Date()
        let caPrivate = P256.Signing.PrivateKey()
        let caName = try DistinguishedName {
            OrganizationName("DSO Sync")
            CommonName("DSO Sync local CA")
        }
        let caPublic = Certificate.PublicKey(caPrivate.publicKey)
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: caPublic,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: caPublic)
            },
            issuerPrivateKey: .init(caPrivate))

        let serverPrivate = P256.Signing.PrivateKey()
        let serverPublic = Certificate.PublicKey(serverPrivate.publicKey)
        let serverName = try DistinguishedName {
            OrganizationName("DSO Sync")
            CommonName(hostnames.first ?? "localhost")
        }
        let names = hostnames.map { GeneralName.dnsName($0) } + ipAddresses.map { GeneralName.ipAddress(ASN1OctetString(contentBytes: $0[...])) }
        let server = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: serverPublic,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(825 * 86400),
            issuer: caName, subject: serverName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyAgreement: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                SubjectKeyIdentifier(hash: serverPublic)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: caPublic).keyIdentifier)
            },
            issuerPrivateKey: .init(caPrivate))

        try write(caPrivate.pemRepresentation, to: caKey, secret: true)
        try write(serverPrivate.pemRepresentation, to: serverKey, secret: true)
        try write(try ca.serializeAsPEM().pemString, to: caCertificate, secret: false)
        try write(try server.serializeAsPEM().pemString + "\n" + (try ca.serializeAsPEM().pemString), to: serverCertificate, secret: false)
        return true
    }

    /// Keys are created 0600 (never readable by others, even for an instant); certificates 0644.
    private func write(_ text: String, to url: URL, secret: Bool) throws {
        try PrivateFiles.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8), to: url, mode: secret ? 0o600 : 0o644)
    }
}
