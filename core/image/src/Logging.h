#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcImage)
Q_DECLARE_LOGGING_CATEGORY(lcDicom)
