#include "chexview/error/Error.h"

#include <new>

namespace chexview {

QString describeFailure(const std::exception& e)
{
    try {
        if (const auto* typed = dynamic_cast<const Error*>(&e))
            return typed->describe();
        if (dynamic_cast<const std::bad_alloc*>(&e))
            return QStringLiteral("out-of-memory: not enough memory (%1)")
                .arg(QString::fromUtf8(e.what()));
        return QStringLiteral("internal-error: %1").arg(QString::fromUtf8(e.what()));
    } catch (...) {
        return QStringLiteral("internal-error");
    }
}

QString describeUnknownFailure()
{
    return QStringLiteral("internal-error: an unknown exception");
}

} // namespace chexview
