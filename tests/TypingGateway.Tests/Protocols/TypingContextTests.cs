using Microsoft.AspNetCore.Http;
using TypingGateway.Protocols;
using TypingGateway.Protocols.Json;

namespace TypingGateway.Tests.Protocols;

public sealed class TypingContextTests
{
    public static TheoryData<string> QueryStrings => new()
    {
        "",
        "?",
        "?deploymentId=d-1",
        "?a=1&b=2&c",
        "?name=a+b%20c%2Bd",
        "?Session=x&session=y",
        "?empty=&empty=&v=",
        "?empty=&empty=x",
        "?%64eploymentId=escaped-name",
        "?k=%E2%9C%93&k2=%ZZ",
        "?=novalue&&&x==y",
        "?u=%uD83D",
    };

    /// <summary>The copy reads every query as ASP.NET Core's query collection does (the dictionary the context used to copy).</summary>
    [Theory]
    [MemberData(nameof(QueryStrings))]
    public void Query_ReadsAsTheRequestsQueryCollection(string query)
    {
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(query);

        var context = TypingContext.FromRequest(request);

        foreach (var name in request.Query.Keys.Concat(["absent", "DEPLOYMENTID", "session", "SESSION"]))
        {
            var expected = request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
            Assert.Equal(expected, context.Query(name));
        }
    }

    [Fact]
    public void RouteValues_CopiedAndComparedIgnoringCase()
    {
        var request = new DefaultHttpContext().Request;
        request.RouteValues["conversationId"] = "c-1";
        request.RouteValues["n"] = 42;
        request.RouteValues["none"] = null;
        request.RouteValues["empty"] = "";

        var context = TypingContext.FromRequest(request);
        request.RouteValues.Clear(); // a copy: the request's collection is not read later

        Assert.Equal("c-1", context.RouteValue("CONVERSATIONID"));
        Assert.Equal("42", context.RouteValue("n"));
        Assert.Null(context.RouteValue("none"));
        Assert.Null(context.RouteValue("empty"));
        Assert.Null(context.RouteValue("absent"));
    }

    [Fact]
    public void Headers_OnlyThoseNamedAreCopied()
    {
        var request = new DefaultHttpContext().Request;
        request.Headers["X-Guest-Id"] = "g-1";
        request.Headers["X-Other"] = "o";
        request.Headers["X-Multi"] = new(["a", "b"]);

        var none = TypingContext.FromRequest(request);
        var some = TypingContext.FromRequest(request, headerNames: ["x-guest-id", "X-Multi", "X-Absent"]);
        request.Headers.Clear();

        Assert.Null(none.Header("X-Guest-Id"));
        Assert.Equal("g-1", some.Header("X-GUEST-ID"));
        Assert.Equal("a,b", some.Header("x-multi"));
        Assert.Null(some.Header("X-Other"));
        Assert.Null(some.Header("X-Absent"));
    }

    [Fact]
    public void JsonRecognizer_DeclaresTheHeadersItsKeyReads()
    {
        KeySource Parse(string text) => KeySource.TryParse(text, out var source) ? source : throw new InvalidOperationException(text);
        var recognizer = new JsonTypingRecognizer(
            "p", null, ["typing"], [], ["message"], [Parse("header:X-Guest-Id"), Parse("query:session"), Parse("header:x-guest-id"), Parse("header:X-Tenant")]);

        Assert.Equal(["X-Guest-Id", "X-Tenant"], ((ITypingRecognizer)recognizer).HeaderNames);
        Assert.Empty(((ITypingRecognizer)new TypingGateway.Protocols.Genesys.GenesysWebMessagingRecognizer("genesys")).HeaderNames);
    }

    [Fact]
    public void MethodPathAndSignal_Kept()
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.Path = "/api/v1/typing";

        var context = TypingContext.FromRequest(request, TypingSignalKind.Start);

        Assert.Equal("POST", context.Method);
        Assert.Equal("/api/v1/typing", context.Path);
        Assert.Equal(TypingSignalKind.Start, context.RequestSignal);
    }
}
