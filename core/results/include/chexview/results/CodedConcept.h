#pragma once

#include <QString>

namespace chexview {

/// One DICOM coded concept: Code Value, Coding Scheme Designator, Code Meaning (PS3.3
/// 8.8, the Code Sequence Macro). Plain value type.
struct CodedConcept
{
    QString value;
    QString scheme;
    QString meaning;

    bool isValid() const { return !value.isEmpty() && !scheme.isEmpty(); }
    /// Same code in the same scheme (the meaning is not compared, as PS3.3 8.8 says).
    bool sameCode(const CodedConcept& other) const
    {
        return value == other.value && scheme == other.scheme;
    }
};

} // namespace chexview
