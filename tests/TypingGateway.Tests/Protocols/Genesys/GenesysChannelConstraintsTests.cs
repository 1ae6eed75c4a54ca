using System.Text;
using System.Text.Json;
using TypingGateway.Protocols.Genesys;

namespace TypingGateway.Tests.Protocols.Genesys;

[Trait("Area", "RateLimiting")]
public sealed class GenesysChannelConstraintsTests
{
    private const string TooLong = """{"type":"response","class":"string","code":4011,"body":"message too long"}""";
    private const string NotAllowed = """{"type":"response","class":"string","code":400,"body":"file type not allowed"}""";

    private static readonly HashSet<string> _images = new(["image/png", "image/jpeg"], StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("hello", 4)]
    [InlineData("😀😀😀😀😀", 4)]
    [InlineData("abc😀", 3)]
    [InlineData("e\u0301e\u0301", 3)]
    public void Check_TextLongerThanMax_MessageTooLong(string text, int max)
    {
        Assert.Equal(TooLong, Check(Message(text), max));
    }

    [Theory]
    [InlineData("hell", 4)]
    [InlineData("😀😀😀😀", 4)]
    [InlineData("ab😀", 3)]
    [InlineData("", 1)]
    public void Check_TextOfMaxOrLess_Passes(string text, int max)
    {
        Assert.Null(Check(Message(text), max));
    }

    [Fact]
    public void Check_TextOfExactlyFourThousand_PassesOneMoreRejected()
    {
        Assert.Null(Check(Message(new string('x', 4000)), 4000));
        Assert.Equal(TooLong, Check(Message(new string('x', 4001)), 4000));
    }

    [Fact]
    public void Check_NoMaxTextLength_AnyLengthPasses()
    {
        Assert.Null(Check(Message(new string('x', 100_000)), null));
    }

    [Fact]
    public void Check_MessageTooLong_SameBytesAsTheField()
    {
        var frame = GenesysChannelConstraints.Check(Encoding.UTF8.GetBytes(Message("hello")), 4, null);

        Assert.Same(GenesysChannelConstraints.MessageTooLong, frame);
        Assert.Equal(TooLong, Encoding.UTF8.GetString(GenesysChannelConstraints.MessageTooLong));
        Assert.Equal(NotAllowed, Encoding.UTF8.GetString(GenesysChannelConstraints.AttachmentTypeNotAllowed));
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("IMAGE/JPEG")]
    public void Check_AttachmentTypeAllowed_Passes(string type)
    {
        Assert.Null(Check(Attachment(type), null, _images));
    }

    [Theory]
    [InlineData("application/x-msdownload")]
    [InlineData("image/gif")]
    [InlineData("")]
    public void Check_AttachmentTypeNotAllowed_Rejected(string type)
    {
        Assert.Equal(NotAllowed, Check(Attachment(type), null, _images));
    }

    [Fact]
    public void Check_AttachmentWithoutFileType_Rejected()
    {
        var frame = """{"token":"tok-a","attachmentId":"a-1","fileName":"x.exe","fileSize":1,"action":"onAttachment"}""";

        Assert.Equal(NotAllowed, Check(frame, null, _images));
    }

    [Fact]
    public void Check_NoAllowedTypes_AnyAttachmentPasses()
    {
        Assert.Null(Check(Attachment("application/x-msdownload"), 10, null));
    }

    [Fact]
    public void Check_AttachmentAndTextLimits_EachOnlyOnItsAction()
    {
        Assert.Null(Check(Message("a long text"), null, _images));
        Assert.Null(Check(Attachment("application/x-msdownload"), 1, null));
    }

    [Theory]
    [InlineData("""{"token":"tok-a","tracingId":"t","action":"echo","message":{"text":"ping but far too long","type":"Text"}}""")]
    [InlineData("""{"token":"tok-a","deploymentId":"dep-1","startNew":true,"action":"configureSession"}""")]
    [InlineData("""{"token":"tok-a","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""")]
    [InlineData("""{"token":"tok-a","action":"onMessage","message":{"text":12345678901,"type":"Text"}}""")]
    [InlineData("""{"token":"tok-a","action":"onMessage","message":"a text that is far too long"}""")]
    [InlineData("""{"token":"tok-a","action":"OnMessage","message":{"text":"a text that is far too long","type":"Text"}}""")]
    [InlineData("""{"text":"a text that is far too long","fileType":"text/x-evil"}""")]
    [InlineData("""{"visitor":"v-1","type":"message","text":"a text that is far too long"}""")]
    [InlineData("""["onMessage","a text that is far too long"]""")]
    [InlineData("""{"action":"onMessage","message":{"text":"unterminated""")]
    [InlineData("not json at all")]
    [InlineData("")]
    public void Check_NotAGenesysMessageOrAttachment_Null(string frame)
    {
        Assert.Null(Check(frame, 3, _images));
    }

    [Fact]
    public void Check_DeeplyNestedGarbage_NullWithoutThrowing()
    {
        var frame = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";

        Assert.Null(Check(frame, 3, _images));
    }

    private static string? Check(string frame, int? maxTextLength, IReadOnlySet<string>? allowedAttachmentTypes = null) =>
        GenesysChannelConstraints.Check(Encoding.UTF8.GetBytes(frame), maxTextLength, allowedAttachmentTypes) is { } error
            ? Encoding.UTF8.GetString(error)
            : null;

    private static string Message(string text) =>
        $$"""{"token":"tok-a","message":{"text":{{JsonSerializer.Serialize(text)}},"type":"Text"},"tracingId":"t3","action":"onMessage"}""";

    private static string Attachment(string type) =>
        $$"""{"token":"tok-a","attachmentId":"a-1","fileName":"file","fileType":{{JsonSerializer.Serialize(type)}},"fileSize":1,"fileMd5":"x","errorsAsJson":false,"tracingId":"t","action":"onAttachment"}""";
}
