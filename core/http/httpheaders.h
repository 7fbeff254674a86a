#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace CacheScope {

struct HeaderField
{
    QByteArray name;
    QByteArray value;
    friend bool operator==(const HeaderField &, const HeaderField &) = default;
};

// An ordered list of header fields as they appear on the wire: order and duplicates are kept,
// names compare case-insensitively. Value type; cheap to copy (implicitly shared storage).
class HttpHeaders
{
public:
    HttpHeaders() = default;
    HttpHeaders(std::initializer_list<HeaderField> fields);

    void append(const QByteArray &name, const QByteArray &value);
    // Replaces every field of that name by one field, at the position of the first one (or at the end).
    void set(const QByteArray &name, const QByteArray &value);
    // Returns how many fields were removed.
    qsizetype remove(QByteArrayView name);

    bool contains(QByteArrayView name) const;
    qsizetype count(QByteArrayView name) const;
    // The values of every field with that name, in order.
    QList<QByteArray> values(QByteArrayView name) const;
    // All fields of that name combined into one value with ", " (RFC 9110 §5.3); null when absent.
    QByteArray combined(QByteArrayView name) const;
    // The first field of that name; null when absent.
    QByteArray first(QByteArrayView name) const;

    const QList<HeaderField> &fields() const { return m_fields; }
    qsizetype size() const { return m_fields.size(); }
    bool isEmpty() const { return m_fields.isEmpty(); }
    auto begin() const { return m_fields.cbegin(); }
    auto end() const { return m_fields.cend(); }

    // "Name: value\r\n" for every field.
    QByteArray toWire() const;

    // RFC 9110 §5.1 token; §5.5 field value without CR, LF or NUL (header injection).
    static bool isValidName(QByteArrayView name);
    static bool isValidValue(QByteArrayView value);

    friend bool operator==(const HttpHeaders &, const HttpHeaders &) = default;

private:
    QList<HeaderField> m_fields;
};

// True when the two names are the same header (ASCII case-insensitive).
bool sameHeaderName(QByteArrayView a, QByteArrayView b);

// Why `name` is not a valid field name, in one sentence; control bytes are shown escaped ("X\\nA"), and a CR
// or LF is called what it is: an attempt at header injection.
QString invalidHeaderNameMessage(QByteArrayView name);

} // namespace CacheScope
