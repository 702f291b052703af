# cmake -DIN=weights.bin -DOUT=file.cpp -P EmbedWeights.cmake: the bytes as a C++ array.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUT}" "// Generated from ${IN}; do not edit.\nextern const unsigned char kChexviewOodWeights[];\nextern const unsigned long kChexviewOodWeightsSize;\nconst unsigned char kChexviewOodWeights[] = {${bytes}0};\nconst unsigned long kChexviewOodWeightsSize = ${size};\n")
