using TypingGateway.Protocols;
using TypingGateway.Typing;

namespace TypingGateway.Tests.Typing;

public sealed class TypingProfileFactoryTests
{
    [Fact]
    public void Build_NoConfiguration_BuiltInsWithDesignDefaults()
    {
        var (profiles, errors) = TypingProfileFactory.Build(new TypingOptions());

        Assert.Empty(errors);
        var genesys = profiles["genesys-webmessaging"];
        Assert.Equal(TypingTransport.WebSocket, genesys.Transport);
        Assert.Equal(TimeSpan.FromSeconds(5), genesys.Timings.StartInterval);
        Assert.Null(genesys.Timings.StopAfterIdle);
        Assert.Equal(TypingStopMode.None, genesys.StopMode);

        var cxone = profiles["cxone-chat"];
        Assert.Equal(Timeout.InfiniteTimeSpan, cxone.Timings.StartInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), cxone.Timings.StopAfterIdle); // edge-triggered: a safety net only
        Assert.Equal(TypingClientStyle.EdgeTriggered, cxone.ClientStyle);
        Assert.Equal(TypingStopMode.SynthesizeAfterIdle, cxone.StopMode);
        Assert.Equal(PreviewMode.Forward, cxone.Preview);

        var rest = profiles["genesys-agent-rest"];
        Assert.Equal(TypingTransport.Http, rest.Transport);
        Assert.Equal(TimeSpan.FromSeconds(5), rest.Timings.StartInterval);
    }

    [Fact]
    public void Build_OverrideBuiltIn_KeepsKindAndAppliesSettings()
    {
        var options = new TypingOptions();
        options.Profiles["cxone-chat"] = new TypingProfileOptions { Preview = PreviewMode.Drop, StopAfterIdle = TimeSpan.FromMilliseconds(1500), StartInterval = TimeSpan.FromSeconds(10) };

        var (profiles, errors) = TypingProfileFactory.Build(options);

        Assert.Empty(errors);
        Assert.Equal(PreviewMode.Drop, profiles["cxone-chat"].Preview);
        Assert.Equal(new TypingGateway.Typing.State.TypingTimings(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1500)), profiles["cxone-chat"].Timings);
    }

    [Fact]
    public void Build_ValidJsonProfiles_Accepted()
    {
        var options = new TypingOptions();
        options.Profiles["ws"] = Json(TypingTransport.WebSocket, TypingStopMode.SynthesizeAfterIdle, "pointer:/guestId");
        options.Profiles["http"] = Json(TypingTransport.Http, TypingStopMode.Explicit, "route:guestId");

        var (profiles, errors) = TypingProfileFactory.Build(options);

        Assert.Empty(errors);
        Assert.Equal(Timeout.InfiniteTimeSpan, profiles["ws"].Timings.StartInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), profiles["http"].Timings.StartInterval);
        Assert.Null(profiles["http"].Timings.StopAfterIdle);
    }

    [Fact]
    public void Build_EveryErrorAtOnce_NamingTheProfile()
    {
        var options = new TypingOptions();
        options.Profiles["no-kind"] = new TypingProfileOptions();
        options.Profiles["genesys-webmessaging"] = new TypingProfileOptions { Stop = TypingStopMode.SynthesizeAfterIdle, Kind = "CxoneChat" };
        var broken = new TypingProfileOptions { Kind = "Json", Path = "type", StartInterval = TimeSpan.Zero, Stop = TypingStopMode.Explicit };
        broken.Key.Add("cookie:x");
        options.Profiles["broken"] = broken;
        options.Profiles["http-synth"] = Json(TypingTransport.Http, TypingStopMode.SynthesizeAfterIdle, "route:guestId");
        var noPath = Json(TypingTransport.WebSocket, TypingStopMode.None, "query:guest");
        noPath.Path = null;
        options.Profiles["no-path"] = noPath;
        var bodyLess = Json(TypingTransport.Http, TypingStopMode.None, "route:guestId");
        bodyLess.Path = null; // its routes say what each request is (TypingRequest)
        options.Profiles["body-less"] = bodyLess;
        var whole = Json(TypingTransport.WebSocket, TypingStopMode.None, "query:guest");
        whole.Path = ""; // RFC 6901: the whole document
        options.Profiles["whole-document"] = whole;

        var (profiles, errors) = TypingProfileFactory.Build(options);

        string[] expected =
            [
            "Typing profile 'genesys-webmessaging': Kind must be GenesysWebMessaging (a built-in profile's kind cannot change; use another name for a custom profile).",
            "Typing profile 'genesys-webmessaging': Stop must be None: Genesys has no typing Off, so the gateway never sends or synthesizes one.",
            $"Typing profile 'no-kind': Kind is required ({ChatPlatforms.Kinds}).",
            "Typing profile 'broken': Transport is required for Json profiles (WebSocket or Http).",
            "Typing profile 'broken': StartInterval must be positive.",
            "Typing profile 'broken': Path 'type' is not a JSON pointer (\"\" for the whole document, or starting with '/', e.g. /type).",
            "Typing profile 'no-path': Path is missing: a JSON pointer (RFC 6901) to the field that tells frames apart, e.g. /type, or \"\" for the whole document.",
            "Typing profile 'broken': StartValues must list at least one value meaning typing started.",
            "Typing profile 'broken': StopValues must list at least one value when Stop is Explicit.",
            "Typing profile 'broken': Key entry 'cookie:x' is not one of pointer:/path, route:name, query:name, header:name.",
            ];
        Assert.Equal(expected.Order(), errors.Order());
        Assert.DoesNotContain("broken", profiles.Keys);
        Assert.Equal(TimeSpan.FromSeconds(1), profiles["http-synth"].Timings.StopAfterIdle); // HTTP stops are sent by the gateway itself
        Assert.Contains("cxone-chat", profiles.Keys);
        Assert.EndsWith(" or Json", ChatPlatforms.Kinds, StringComparison.Ordinal);
        Assert.Contains("body-less", profiles.Keys);
        Assert.Contains("whole-document", profiles.Keys);
    }

    private static TypingProfileOptions Json(TypingTransport transport, TypingStopMode stop, string key)
    {
        var options = new TypingProfileOptions { Kind = "Json", Transport = transport, Stop = stop, Path = "/type" };
        options.StartValues.Add("typing");
        options.StopValues.Add("stopped");
        options.Key.Add(key);
        return options;
    }
}
