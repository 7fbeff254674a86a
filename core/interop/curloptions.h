#pragma once

#include <QByteArrayView>

namespace CacheScope {

// The curl options parseCurlCommand knows, and what each does to the request. Internal to core/interop.
namespace CurlOptions {

enum class Id
{
    Request,
    Header,
    Data, // -d, --data-ascii: @file strips newlines
    DataBinary,
    DataRaw,
    DataUrlencode,
    Json,
    Compressed,
    Head,
    Get,
    Location,
    MaxRedirs,
    MaxTime,
    User,
    UserAgent,
    Referer,
    Cookie,
    Url,
    Resolve,
    Range,
    TimeCond,
    OAuth2Bearer,
    Insecure,
    Globoff,
    Harmless, // only changes what curl prints or writes locally
    Ignored, // changes how curl connects, not what it asks: reported as a warning
    Unsupported, // changes the request in a way CacheScope cannot reproduce: an error
};

struct Spec
{
    const char *longName;
    char shortName;
    Id id;
    bool takesValue;
    const char *note = nullptr; // why an Ignored / Unsupported option is so
};

// nullptr when curl has no such option (as far as CacheScope knows).
const Spec *findLong(QByteArrayView name);
const Spec *findShort(char c);

} // namespace CurlOptions

} // namespace CacheScope
