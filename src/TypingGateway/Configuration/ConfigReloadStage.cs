namespace TypingGateway.Configuration;

/// <summary>Where a reload was accepted or rejected.</summary>
internal enum ConfigReloadStage
{
    /// <summary>Reading and parsing the config files.</summary>
    Files,

    /// <summary>Validating and applying routes and clusters.</summary>
    Proxy,

    /// <summary>Validating and applying typing profiles.</summary>
    Typing,

    /// <summary>Validating and applying upstream credentials and guest ticket keys.</summary>
    Credentials,

    /// <summary>Validating and applying rate-limit policies.</summary>
    RateLimits,
}
