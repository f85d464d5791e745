/** PHP's `php` provider: `Zend/zend_dtrace.d` (PHP 5.4 to 8.x), which names its arguments. */
import type { ProviderData } from "./types.js";

const REQUEST = "char *request_file, char *request_uri, char *request_method";
const FUNCTION = "char *function_name, char *request_file, int lineno, char *classname, char *scope";

export const php: ProviderData = {
  provider: "php",
  source: "PHP Zend/zend_dtrace.d, 5.4-8.3",
  probes: [
    "exception__caught(char *classname)",
    "exception__thrown(char *classname)",
    `request__startup(${REQUEST})`,
    `request__shutdown(${REQUEST})`,
    "compile__file__entry(char *compile_file, char *compile_file_translated)",
    "compile__file__return(char *compile_file, char *compile_file_translated)",
    "error(char *errormsg, char *request_file, int lineno)",
    "execute__entry(char *request_file, int lineno)",
    "execute__return(char *request_file, int lineno)",
    `function__entry(${FUNCTION})`,
    `function__return(${FUNCTION})`,
  ],
};
