#pragma once

#include <QString>

#include <stdexcept>

namespace chexview {

/// Why a file could not be read as an AI result. Thrown by ResultReader.
class ResultError : public std::runtime_error
{
public:
    enum class Code
    {
        NotFound,
        NotDicom,
        NotAResult, ///< DICOM, but neither a TID 1500 SR nor a Parametric Map
        Malformed,  ///< a result whose content contradicts itself (sizes, missing values)
        TooLarge
    };
    ResultError(Code code, const QString& message);
    Code code() const { return m_code; }
    QString message() const { return QString::fromStdString(what()); }
    /// "not-found", "not-dicom", "not-a-result", "malformed", "too-large".
    static QString codeName(Code code);

private:
    Code m_code;
};

} // namespace chexview
