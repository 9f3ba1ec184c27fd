// Only the header matters: the declaration of libFuzzer's driver.
#include "CLibFuzzer.h"
