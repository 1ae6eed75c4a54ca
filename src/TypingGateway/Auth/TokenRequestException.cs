namespace TypingGateway.Auth;

/// <summary>The token endpoint could not be reached or refused; the message never contains a secret or a token.</summary>
internal sealed class TokenRequestException : Exception
{
    public TokenRequestException()
    {
    }

    public TokenRequestException(string message)
        : base(message)
    {
    }

    public TokenRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
