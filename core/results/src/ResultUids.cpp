#include "chexview/results/ResultUids.h"

#include <QUuid>

namespace chexview {

namespace {

QString asUid(const QUuid& uuid)
{
    // The UUID's 128 bits as a decimal number: repeated division of a big-endian byte string.
    QByteArray bytes = uuid.toRfc4122();
    QString digits;
    bool nonZero = true;
    while (nonZero) {
        int remainder = 0;
        nonZero = false;
        for (char& c : bytes) {
            const int value = remainder * 256 + static_cast<unsigned char>(c);
            c = char(value / 10);
            remainder = value % 10;
            nonZero = nonZero || c != 0;
        }
        digits.prepend(QChar('0' + remainder));
    }
    return QLatin1String(ResultUids::kRoot) + QLatin1Char('.') + digits;
}

} // namespace

QString ResultUids::newUid()
{
    return asUid(QUuid::createUuid());
}

QString ResultUids::fromName(const QString& name)
{
    // A fixed namespace of chexview's own (itself a random UUID).
    static const QUuid ns(QStringLiteral("{5d1f3c2e-8f0b-4a57-9a43-2c8e1b7d6f90}"));
    return asUid(QUuid::createUuidV5(ns, name));
}

} // namespace chexview
