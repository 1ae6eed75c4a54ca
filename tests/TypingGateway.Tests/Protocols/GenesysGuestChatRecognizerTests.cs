using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TypingGateway.Protocols;
using TypingGateway.Protocols.GenesysGuestChat;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Protocols;

/// <summary>
/// Genesys guest chat (Web Chat v2): the request's method and path decide, never its body (the typing call has
/// none), so the frame-based recogniser contract does not apply; these are its cases.
/// </summary>
public sealed class GenesysGuestChatRecognizerTests
{
    private const string Base = "/api/v2/webchat/guest/conversations";
    private readonly GenesysGuestChatRecognizer _recognizer = new(GenesysGuestChatPlatform.Profile);

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"typing\":false}")]
    public void Recognize_TypingPost_StartKeyedByConversationAndMember_WhateverTheBody(string body)
    {
        var signal = Recognize("POST", $"{Base}/c-1/members/m-1/typing", body);

        Assert.Equal(new TypingSignal(TypingSignalKind.Start, TypingKey.Create(GenesysGuestChatPlatform.Profile, "c-1", "m-1")), signal);
    }

    [Fact]
    public void Recognize_MessagePost_MessageWithTheSameKeyAsTyping()
    {
        var typing = Recognize("POST", $"{Base}/c-1/members/m-1/typing", string.Empty);
        var message = Recognize("POST", $"/gateway-prefix{Base}/c-1/members/m-1/messages", """{"body":"hi","bodyType":"standard"}""");

        Assert.Equal((TypingSignalKind.Message, typing.Key), (message.Kind, message.Key));
    }

    [Fact]
    public void Recognize_OtherMemberOrConversation_OtherKey()
    {
        var a = Recognize("POST", $"{Base}/c-1/members/m-1/typing", string.Empty).Key;

        Assert.NotEqual(a, Recognize("POST", $"{Base}/c-1/members/m-2/typing", string.Empty).Key);
        Assert.NotEqual(a, Recognize("POST", $"{Base}/c-2/members/m-1/typing", string.Empty).Key);
    }

    [Theory]
    [InlineData("GET", Base + "/c-1/members/m-1/typing")]
    [InlineData("POST", Base + "/c-1/members/m-1")]
    [InlineData("POST", Base + "/c-1/members/m-1/attachments")]
    [InlineData("POST", Base)]
    [InlineData("POST", "/api/v2/conversations/messages/c-1/communications/m-1/typing")]
    [InlineData("POST", "")]
    public void Recognize_AnythingElse_Other(string method, string path)
    {
        Assert.Equal(TypingSignal.Other, Recognize(method, path, string.Empty));
    }

    [Fact]
    public void Recognize_IdsThatCannotBeKeysAsIs_HashedNotDropped()
    {
        // Guest-supplied ids with braces or over-long ones are hashed by TypingKey, so they cannot move the hash tag.
        var signal = Recognize("POST", $"{Base}/%7Bc%7D/members/m-1/typing", string.Empty);

        Assert.Equal(TypingSignalKind.Start, signal.Kind);
        Assert.NotNull(signal.Key);
        Assert.DoesNotContain('{', signal.Key!.Value.Id);
    }

    [Fact]
    public void BuildStop_None_WebChatV2HasNoStopCall()
    {
        Assert.Null(_recognizer.BuildStop(Encoding.UTF8.GetBytes("{}")));
    }

    [Fact]
    public async Task WriteSuppressedAsync_AnswersAsGenesysDoes_200WithAWebChatTyping()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = $"{Base}/c-1/members/m-1/typing";
        context.Response.Body = new MemoryStream();

        await new GenesysGuestChatPlatform().WriteSuppressedAsync(context);

        Assert.Equal((200, "application/json"), (context.Response.StatusCode, context.Response.ContentType));
        using var body = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        var root = body.RootElement;
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Equal("c-1", root.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal($"{Base}/c-1", root.GetProperty("conversation").GetProperty("selfUri").GetString());
        Assert.Equal("m-1", root.GetProperty("sender").GetProperty("id").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), out _));
    }

    private TypingSignal Recognize(string method, string path, string body) =>
        _recognizer.Recognize(Encoding.UTF8.GetBytes(body), new TypingContext(_ => null, _ => null, _ => null) { Method = method, Path = path });
}
