using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.GenesysRest;

/// <summary>The Platform API <c>ErrorBody</c> (protocols.md §2.3), used by REST errors and HTTP faults.</summary>
internal static class GenesysErrorBody
{
    public const string ContentType = "application/json";

    public static byte[] Create(string message, string code, int status) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteString("code", code);
        w.WriteNumber("status", status);
        w.WriteString("contextId", Guid.NewGuid().ToString("D"));
        w.WriteStartArray("details");
        w.WriteEndArray();
        w.WriteStartArray("errors");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Answers with <paramref name="status"/> and an <c>ErrorBody</c>.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message, string code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        await context.Response.Body.WriteAsync(Create(message, code, status), context.RequestAborted);
    }

    /// <summary>The 401 of every Platform API endpoint when <see cref="OAuth.BearerCheck"/> fails.</summary>
    public static Task WriteAuthenticationFailedAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication failed.", "bad.credentials");
}
