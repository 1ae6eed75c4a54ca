using System.Text;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using TypingGateway.Auth;
using TypingGateway.Diagnostics;

namespace TypingGateway.Tests.Diagnostics;

[Trait("Area", "Logging")]
public sealed class RedactingSinkTests : IDisposable
{
    private static readonly string _ticket = GuestTicket.Mint("dev", Encoding.UTF8.GetBytes(new string('k', 32)), "conv-1", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, Uri, Exception?> _proxying =
        LoggerMessage.Define<Uri>(LogLevel.Information, new EventId(1, "Forwarding"), "Proxying to {TargetUrl}");

    private readonly Collector _collected = new();
    private readonly Logger _logger;
    private readonly SerilogLoggerFactory _factory;

    public RedactingSinkTests()
    {
        _logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new RedactingSink(_collected, LogRedactor.Default)).CreateLogger();
        _factory = new SerilogLoggerFactory(_logger);
    }

    [Fact]
    public void Emit_UriProperty_RenderedWithoutQuery()
    {
        _proxying(_factory.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder"), new Uri($"http://upstream/api?guest_ticket={_ticket}"), null);

        var logged = Assert.Single(_collected.Events);
        Assert.Equal("Proxying to \"http://upstream/api?[redacted]\"", logged.RenderMessage());
    }

    [Fact]
    public void Emit_HeaderDictionaryAndStructure_CredentialValuesRedacted()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer abc", ["X-Guest-Ticket"] = "opaque", ["Accept"] = "*/*" };
        _logger.Information("Headers {@Headers} {@Request}", headers, new { Cookie = "session=1", Path = "/x" });

        var logged = Assert.Single(_collected.Events).RenderMessage();
        Assert.DoesNotContain("abc", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("opaque", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("session=1", logged, StringComparison.Ordinal);
        Assert.Contains("*/*", logged, StringComparison.Ordinal);
        Assert.Contains("/x", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void Emit_SequenceOfUris_EachRedacted()
    {
        _logger.Information("Targets {Targets}", new List<string> { $"http://a/?t={_ticket}", "http://b/" });

        Assert.Equal("Targets [\"http://a/?[redacted]\", \"http://b/\"]", Assert.Single(_collected.Events).RenderMessage());
    }

    [Fact]
    public void Emit_ExceptionQuotingTheTarget_ExceptionTextRedacted()
    {
        var exception = new InvalidOperationException($"Invalid request target: '/genesys/v1?guest_ticket={_ticket}'", new FormatException(_ticket));
        _logger.Debug(exception, "Connection id {ConnectionId} bad request data", "0HN1");

        var logged = Assert.Single(_collected.Events);
        Assert.NotNull(logged.Exception);
        Assert.DoesNotContain(_ticket, logged.Exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_ticket, logged.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid request target: '/genesys/v1?[redacted]", logged.Exception.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), logged.Exception.ToString(), StringComparison.Ordinal);
        Assert.Equal("Connection id \"0HN1\" bad request data", logged.RenderMessage());
    }

    [Fact]
    public void Emit_InterpolatedTemplate_TemplateTextRedacted()
    {
#pragma warning disable CA2254, CA1873 // a library logging an interpolated string is what this test is about
        _factory.CreateLogger("Some.Library").LogInformation($"GET http://upstream/x?guest_ticket={_ticket} failed");
#pragma warning restore CA2254, CA1873

        Assert.Equal("GET http://upstream/x?[redacted] failed", Assert.Single(_collected.Events).RenderMessage());
    }

    [Fact]
    public void Emit_NothingToRedact_SameEventAndException()
    {
        var exception = new InvalidOperationException("plain");
        _logger.Warning(exception, "Route {RouteId}: guest ticket rejected ({Reason})", "r1", "bad_signature");

        var logged = Assert.Single(_collected.Events);
        Assert.Same(exception, logged.Exception);
        Assert.Equal("Route \"r1\": guest ticket rejected (\"bad_signature\")", logged.RenderMessage());
    }

    public void Dispose()
    {
        _factory.Dispose();
        _logger.Dispose();
    }

    private sealed class Collector : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
