import Foundation
import TestSupport

/// Test certificates made at test time with the `openssl` command, in a fresh temporary directory:
/// a CA and a server certificate it signs, client certificates from that CA (valid and expired), and a client
/// certificate from another CA. Created once per test process.
struct TLSTestPKI: Sendable {
    struct Identity: Sendable {
        var certificate: String
        var key: String
    }

    let directory: String
    let caCertificate: String
    let otherCACertificate: String
    let server: Identity
    let ecdsaServer: Identity
    let client: Identity
    let otherCAClient: Identity
    let expiredClient: Identity

    static let clientSubject = "C=DE, O=Radiology, CN=MODALITY1"
    /// Made once, on a Dispatch thread: `make()` waits for about a dozen `openssl` runs (RSA key generation among
    /// them), which must not hold a thread of the cooperative pool. That pool has one thread per core, and a
    /// lazily initialised global blocks every other thread that reaches it meanwhile, so on two cores every test of
    /// the process would stall behind it.
    static var shared: Result<TLSTestPKI, any Error> {
        get async { await made.value }
    }

    private static let made = Task<Result<TLSTestPKI, any Error>, Never> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Result { try TLSTestPKI.make() }) }
        }
    }

    struct OpenSSLFailed: Error, CustomStringConvertible {
        var description: String
    }

    static func make() throws -> TLSTestPKI {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("assocmon-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func path(_ name: String) -> String { dir + "/" + name }

        let rsa = ["-newkey", "rsa:2048"]
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        for ca in ["ca", "otherca"] {
            try openssl(["req", "-x509"] + ec + ["-nodes", "-keyout", path("\(ca).key"), "-out", path("\(ca).pem"),
                         "-days", "3650", "-subj", "/O=assocmon test/CN=\(ca == "ca" ? "Test CA" : "Other CA")",
                         "-addext", "basicConstraints=critical,CA:TRUE",
                         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        }
        try write(path("server.ext"), """
            subjectAltName=DNS:localhost,IP:127.0.0.1
            basicConstraints=CA:FALSE
            extendedKeyUsage=serverAuth
            """)
        try write(path("client.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")

        func issue(_ name: String, key: [String], subject: String, ca: String, ext: String) throws -> Identity {
            try openssl(["req"] + key + ["-nodes", "-keyout", path("\(name).key"), "-out", path("\(name).csr"),
                                         "-subj", subject])
            try openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"),
                         "-CAkey", path("\(ca).key"), "-CAcreateserial", "-out", path("\(name).pem"),
                         "-days", "30", "-sha256", "-extfile", path(ext)])
            return Identity(certificate: path("\(name).pem"), key: path("\(name).key"))
        }
        let server = try issue("server", key: rsa, subject: "/O=assocmon test/CN=localhost", ca: "ca",
                               ext: "server.ext")
        let ecdsaServer = try issue("ecserver", key: ec, subject: "/O=assocmon test/CN=localhost", ca: "ca",
                                    ext: "server.ext")
        let client = try issue("client", key: ec, subject: "/C=DE/O=Radiology/CN=MODALITY1", ca: "ca",
                               ext: "client.ext")
        let other = try issue("otherclient", key: ec, subject: "/C=DE/O=Elsewhere/CN=INTRUDER", ca: "otherca",
                              ext: "client.ext")

        // `openssl x509 -days` cannot back-date (OpenSSL 3.0 has no -not_before), `openssl ca` can.
        try FileManager.default.createDirectory(atPath: path("cadb"), withIntermediateDirectories: true)
        try write(path("cadb/index.txt"), "")
        try write(path("cadb/serial"), "1000\n")
        try write(path("ca.cnf"), """
            [ ca ]
            default_ca = test
            [ test ]
            database = \(path("cadb/index.txt"))
            serial = \(path("cadb/serial"))
            new_certs_dir = \(path("cadb"))
            certificate = \(path("ca.pem"))
            private_key = \(path("ca.key"))
            default_md = sha256
            policy = anything
            unique_subject = no
            [ anything ]
            countryName = optional
            organizationName = optional
            commonName = supplied
            [ client_ext ]
            basicConstraints = CA:FALSE
            extendedKeyUsage = clientAuth

            """)
        try openssl(["req"] + ec + ["-nodes", "-keyout", path("expired.key"), "-out", path("expired.csr"),
                                    "-subj", "/C=DE/O=Radiology/CN=EXPIRED"])
        try openssl(["ca", "-batch", "-config", path("ca.cnf"), "-in", path("expired.csr"), "-out", path("expired.pem"),
                     "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-extensions", "client_ext",
                     "-preserveDN", "-notext"])
        for key in ["server", "ecserver", "client", "otherclient", "expired", "ca", "otherca"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path("\(key).key"))
        }
        return TLSTestPKI(directory: dir, caCertificate: path("ca.pem"), otherCACertificate: path("otherca.pem"),
                          server: server, ecdsaServer: ecdsaServer, client: client, otherCAClient: other,
                          expiredClient: Identity(certificate: path("expired.pem"), key: path("expired.key")))
    }

    private static func write(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @discardableResult
    static func openssl(_ arguments: [String]) throws -> String {
        let result = try Subprocess.runBlocking("/usr/bin/openssl", arguments, timeout: .seconds(30))
        guard result.status == 0 else {
            throw OpenSSLFailed(description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: "
                + result.stderr.suffix(400))
        }
        return result.stdout
    }
}
