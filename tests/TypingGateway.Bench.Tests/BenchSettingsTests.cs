using System.Text.Json;
using TypingGateway.Bench.Load;

namespace TypingGateway.Bench.Tests;

public sealed class BenchSettingsTests
{
    [Fact]
    public void Parse_QuickOnlyOut_Applied()
    {
        var settings = BenchSettings.Parse(["--quick", "--only", "http, typing", "--out", "/tmp/x"]);

        Assert.True(settings.Quick);
        Assert.Equal(["http", "typing"], settings.Scenarios.Order(StringComparer.Ordinal));
        Assert.Equal("/tmp/x", settings.OutputDirectory);
        Assert.Equal(100, settings.TypingGuests);
    }

    [Fact]
    public void Parse_Defaults_FullModeAllScenarios()
    {
        var settings = BenchSettings.Parse([]);

        Assert.False(settings.Quick);
        Assert.Equal(BenchSettings.AllScenarios.Length, settings.Scenarios.Count);
        Assert.Equal(1000, settings.TypingGuests);
        Assert.Equal(10_000, settings.ScaleConnections);
    }

    [Fact]
    public void Parse_Repeat_AppliedDefaultOne()
    {
        Assert.Equal(3, BenchSettings.Parse(["--quick", "--repeat", "3"]).Repeat);
        Assert.Equal(1, BenchSettings.Parse([]).Repeat);
    }

    [Theory]
    [InlineData("--repeat", "0")]
    [InlineData("--repeat", "11")]
    [InlineData("--repeat", "two")]
    [InlineData("--repeat")]
    [InlineData("--only", "http,bogus")]
    [InlineData("--out")]
    [InlineData("--fast")]
    public void Parse_BadArguments_ArgumentException(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(args));
    }

    [Fact]
    public void NoMicro_RemovesOnlyMicro()
    {
        var settings = BenchSettings.Parse(["--no-micro"]);

        Assert.DoesNotContain("micro", settings.Scenarios);
        Assert.Contains("scale", settings.Scenarios);
    }

    [Fact]
    public void Note_ExactSizeJsonWithoutTyping()
    {
        var note = Payloads.Note();

        Assert.Equal(Payloads.MessageBytes, note.Length);
        using var document = JsonDocument.Parse(note);
        Assert.Equal("note", document.RootElement.GetProperty("type").GetString());
    }
}
