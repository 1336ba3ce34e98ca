#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

// The least a DICOM server on SwiftNIO can do per association and per message, for `scripts/bench.sh`: the same
// event loop, bootstrap and socket options as assocmon, one handler that frames PDUs by their 6-byte header
// (PS3.8 §9.3.1) and answers from the bytes alone. No state machine, no validation, no events, no storage: what
// remains is SwiftNIO's and the kernel's own cost, the floor under anything built on them.
//
// A-ASSOCIATE-RQ → an A-ASSOCIATE-AC accepting every presentation context with its first transfer syntax (PS3.8
// §9.3.3); P-DATA-TF with a C-ECHO-RQ command → its C-ECHO-RSP (PS3.7 §9.3.5); A-RELEASE-RQ → A-RELEASE-RP.
// Anything else closes the connection. Usage: nio-floor PORT
final class FloorHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var pending: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if pending == nil { pending = bytes } else { pending!.writeBuffer(&bytes) }
        while let buffer = pending, buffer.readableBytes >= 6,
              let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt32.self),
              buffer.readableBytes >= 6 + Int(length),
              let pdu = pending!.readSlice(length: 6 + Int(length)) {
            var out = context.channel.allocator.buffer(capacity: 256)
            switch pdu.getInteger(at: pdu.readerIndex, as: UInt8.self) {
            case 0x01: Self.associateAC(answering: pdu, into: &out)
            case 0x04: Self.echoResponse(answering: pdu, into: &out)
            case 0x05: out.writeBytes([0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0])
            default: return context.close(promise: nil)
            }
            context.write(wrapOutboundOut(out), promise: nil)
        }
        if pending?.readableBytes == 0 { pending = nil }
    }

    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

    /// The RQ's fixed fields with type 0x02, its application context item, one 0x21 item per 0x20 item, and a
    /// user information item with Maximum Length 16 KiB.
    static func associateAC(answering rq: ByteBuffer, into out: inout ByteBuffer) {
        var body = ByteBuffer()
        // Protocol version, reserved, the AE titles and reserved bytes: the AC repeats the RQ's (PS3.8 Table 9-17).
        body.writeBytes(rq.getBytes(at: rq.readerIndex + 6, length: 68)!)
        var index = rq.readerIndex + 74
        let end = rq.readerIndex + rq.readableBytes
        while index + 4 <= end {
            let type = rq.getInteger(at: index, as: UInt8.self)!
            let length = Int(rq.getInteger(at: index + 2, as: UInt16.self)!)
            if type == 0x10 { body.writeBytes(rq.getBytes(at: index, length: 4 + length)!) }
            if type == 0x20 {
                // Context ID, then sub-items: the abstract syntax (0x30), then transfer syntaxes (0x40).
                let id = rq.getInteger(at: index + 4, as: UInt8.self)!
                var sub = index + 8
                while sub + 4 <= index + 4 + length {
                    let subLength = Int(rq.getInteger(at: sub + 2, as: UInt16.self)!)
                    if rq.getInteger(at: sub, as: UInt8.self) == 0x40 {
                        body.writeBytes([0x21, 0])
                        body.writeInteger(UInt16(8 + subLength))
                        body.writeBytes([id, 0, 0, 0])
                        body.writeBytes(rq.getBytes(at: sub, length: 4 + subLength)!)
                        break
                    }
                    sub += 4 + subLength
                }
            }
            index += 4 + length
        }
        body.writeBytes([0x50, 0, 0, 8, 0x51, 0, 0, 4, 0, 0, 0x40, 0])
        out.writeBytes([0x02, 0])
        out.writeInteger(UInt32(body.readableBytes))
        out.writeBuffer(&body)
    }

    /// A C-ECHO-RSP in Implicit VR Little Endian for the C-ECHO-RQ in the PDU's first PDV: the same Affected SOP
    /// Class UID, its Message ID as Message ID Being Responded To, status Success.
    static func echoResponse(answering pData: ByteBuffer, into out: inout ByteBuffer) {
        let contextID = pData.getInteger(at: pData.readerIndex + 10, as: UInt8.self)!
        var index = pData.readerIndex + 12
        let end = pData.readerIndex + pData.readableBytes
        var messageID: UInt16 = 0
        var sopClass: [UInt8] = []
        while index + 8 <= end {
            let group = pData.getInteger(at: index, endianness: .little, as: UInt16.self)!
            let element = pData.getInteger(at: index + 2, endianness: .little, as: UInt16.self)!
            let length = Int(pData.getInteger(at: index + 4, endianness: .little, as: UInt32.self)!)
            if group == 0, element == 0x0110 {
                messageID = pData.getInteger(at: index + 8, endianness: .little, as: UInt16.self)!
            }
            if group == 0, element == 0x0002 { sopClass = pData.getBytes(at: index + 8, length: length)! }
            index += 8 + length
        }
        var elements = ByteBuffer()
        func put(_ element: UInt16, _ value: [UInt8]) {
            elements.writeInteger(UInt16(0), endianness: .little)
            elements.writeInteger(element, endianness: .little)
            elements.writeInteger(UInt32(value.count), endianness: .little)
            elements.writeBytes(value)
        }
        func us(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        put(0x0002, sopClass)
        put(0x0100, us(0x8030))
        put(0x0120, us(messageID))
        put(0x0800, us(0x0101))
        put(0x0900, us(0))
        let commandLength = 12 + elements.readableBytes  // with (0000,0000) Command Group Length
        out.writeBytes([0x04, 0])
        out.writeInteger(UInt32(6 + commandLength))
        out.writeInteger(UInt32(2 + commandLength))
        out.writeBytes([contextID, 0x03])  // command, last fragment
        out.writeBytes([0, 0, 0, 0, 4, 0, 0, 0])
        out.writeInteger(UInt32(elements.readableBytes), endianness: .little)
        out.writeBuffer(&elements)
    }
}

guard CommandLine.arguments.count == 2, let port = Int(CommandLine.arguments[1]) else {
    print("usage: nio-floor PORT")
    exit(2)
}
// One event loop, as assocmon serves on the 2-core machines.
let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount - 1))
let channel = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 4096)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.syncOptions!.setOption(.tcpOption(.tcp_nodelay), value: 1)
            try channel.pipeline.syncOperations.addHandler(FloorHandler())
        }
    }
    .bind(host: "127.0.0.1", port: port).wait()
try channel.closeFuture.wait()
