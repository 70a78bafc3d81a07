import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// ``HTTPTransport`` over AsyncHTTPClient: connection and request timeouts, a cap on body size,
/// no redirects followed (an API answering with one is an error worth seeing).
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    private let maximumBodyBytes: Int
    private let ownsClient: Bool

    /// - Parameters:
    ///   - connectTimeout: how long to wait for a connection.
    ///   - maximumBodyBytes: the largest response body read; a larger one is an error, not a crash.
    public init(connectTimeout: Duration = .seconds(10), maximumBodyBytes: Int = 64 << 20) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .init(connectTimeout))
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .enabled(limit: .ratio(100))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.maximumBodyBytes = maximumBodyBytes
        ownsClient = true
    }

    deinit {
        if ownsClient { try? client.syncShutdown() }
    }

    public func send(_ spec: HTTPRequestSpec) async throws(TransportError) -> HTTPResult {
        var request = HTTPClientRequest(url: spec.url)
        request.method = HTTPMethod(rawValue: spec.method)
        for (name, value) in spec.headers { request.headers.add(name: name, value: value) }
        if let body = spec.body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .init(spec.timeout))
            var buffer = try await response.body.collect(upTo: maximumBodyBytes)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return HTTPResult(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: bytes)
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout:
                throw .timeout
            default:
                throw .connection(String(describing: error))
            }
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw .bodyTooLarge(limit: maximumBodyBytes)
        } catch {
            throw .connection(String(describing: error))
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
