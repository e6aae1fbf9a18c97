using System;
using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace TcpFsmGen.Cli.Lsp;

/// <summary>
/// StreamJsonRpc's connection, with errors as a language client expects them: parameters of the wrong shape are
/// <c>InvalidParams</c>, a failure of the server itself <c>InternalError</c>, and neither carries a .NET stack trace.
/// </summary>
internal sealed class LspJsonRpc(IJsonRpcMessageHandler handler) : JsonRpc(handler)
{
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        if (exception is LocalRpcException local)
        {
            return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)local.ErrorCode, Message = local.Message, Data = local.ErrorData };
        }
        var badParams = exception is JsonException or RpcArgumentDeserializationException or ArgumentException;
        return new JsonRpcError.ErrorDetail
        {
            Code = badParams ? JsonRpcErrorCode.InvalidParams : JsonRpcErrorCode.InternalError,
            Message = (badParams ? "Invalid params: " : "Internal error: ") + exception.Message,
        };
    }
}
