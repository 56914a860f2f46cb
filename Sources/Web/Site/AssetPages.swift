// The embedded stylesheet, script and icon (Assets/, embedded by the EmbedAssets plugin), served
// with a long cache life: their URLs carry a hash of the assets, so a new build's are new URLs.
import HTTP
import Kernel

enum Assets {
    static let files: [String: (type: String, bytes: [UInt8])] = {
        var files: [String: (type: String, bytes: [UInt8])] = [:]
        for (name, text) in embeddedAssets {
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "image/svg+xml"
            files[name] = (type, Array(text.utf8))
        }
        return files
    }()

    static let version: String = String(Crypto.sha256Hex(embeddedAssets.map(\.text).joined()).prefix(10))

    /// An asset's URL, versioned.
    static func url(_ name: String) -> String { "/assets/\(name)?v=\(version)" }
}

enum AssetPages {
    static let pages: [WebPage] = [
        WebPage("GET", "/assets/{name}", .open) { context in
            guard let name = context.request.pathParameter("name"), let file = Assets.files[name] else {
                return Response(status: 404, contentType: "text/plain; charset=utf-8", body: Array("未找到".utf8))
            }
            var response = Response(status: 200, contentType: file.type, body: file.bytes)
            response.headers.set("Cache-Control", "public, max-age=31536000, immutable")
            return response
        },
        WebPage("GET", "/favicon.ico", .open) { _ in
            var response = Response(status: 200, contentType: "image/svg+xml", body: Assets.files["icon.svg"]?.bytes ?? [])
            response.headers.set("Cache-Control", "public, max-age=86400")
            return response
        },
    ]
}
