#include "Logging.h"

Q_LOGGING_CATEGORY(lcImage, "chexview.image", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDicom, "chexview.dicom", QtInfoMsg)
