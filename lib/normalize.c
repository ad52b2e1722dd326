/*
 * normalize.c - emails, phone numbers, names, amounts and field names as
 * lead sources write them, made comparable.
 *
 * Everything is ASCII by hand: <ctype.h> and strtod(3) follow the
 * locale, and exports do not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "internal.h"

#define SHOW_MAX	60	/* bytes of a bad value quoted in errors */
#define SHOW_SIZE	(SHOW_MAX + 4)
#define EMAIL_MAX	254	/* RFC 5321 path limit less the brackets */
#define LOCAL_MAX	64
#define LABEL_MAX	63
#define PHONE_MIN	7
#define PHONE_MAX	15	/* E.164 */
#define PHONE_DIG	40	/* digits kept, prefixes and all */
#define VALUE_DIG	15	/* significant digits a double holds exactly */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Calling code, national trunk prefixes and international (IDD)
 * prefixes of each ISO 3166-1 country with a calling code, plus AC, TA
 * and XK.  Alternatives are separated by '|' and tried in order.  From
 * libphonenumber's metadata, with carrier-selection IDDs listed where a
 * country has no plain one.  Sorted by code for bsearch.
 */
struct country {
	char iso[3];
	char code[4];
	const char *trunk;
	const char *idd;
};

static const struct country countries[] = {
	{ "AC", "247", "", "00" },
	{ "AD", "376", "", "00" },
	{ "AE", "971", "0", "00" },
	{ "AF", "93", "0", "00" },
	{ "AG", "1", "1", "011" },
	{ "AI", "1", "1", "011" },
	{ "AL", "355", "0", "00" },
	{ "AM", "374", "0", "00" },
	{ "AO", "244", "", "00" },
	{ "AQ", "672", "", "00" },
	{ "AR", "54", "0", "00" },
	{ "AS", "1", "1", "011" },
	{ "AT", "43", "0", "00" },
	{ "AU", "61", "0", "0011|0014|0015|0016|0018|0019" },
	{ "AW", "297", "", "00" },
	{ "AX", "358", "0", "00" },
	{ "AZ", "994", "0", "00" },
	{ "BA", "387", "0", "00" },
	{ "BB", "1", "1", "011" },
	{ "BD", "880", "0", "00" },
	{ "BE", "32", "0", "00" },
	{ "BF", "226", "", "00" },
	{ "BG", "359", "0", "00" },
	{ "BH", "973", "", "00" },
	{ "BI", "257", "", "00" },
	{ "BJ", "229", "", "00" },
	{ "BL", "590", "0", "00" },
	{ "BM", "1", "1", "011" },
	{ "BN", "673", "", "00" },
	{ "BO", "591", "0", "00" },
	{ "BQ", "599", "", "00" },
	{ "BR", "55", "0", "0012|0014|0015|0021|0031|0041|0043" },
	{ "BS", "1", "1", "011" },
	{ "BT", "975", "", "00" },
	{ "BW", "267", "", "00" },
	{ "BY", "375", "80|8|0", "810|00" },
	{ "BZ", "501", "", "00" },
	{ "CA", "1", "1", "011" },
	{ "CC", "61", "0", "0011|0014|0015|0016|0018|0019" },
	{ "CD", "243", "0", "00" },
	{ "CF", "236", "", "00" },
	{ "CG", "242", "", "00" },
	{ "CH", "41", "0", "00" },
	{ "CI", "225", "", "00" },
	{ "CK", "682", "", "00" },
	{ "CL", "56", "", "00" },
	{ "CM", "237", "", "00" },
	{ "CN", "86", "0", "00" },
	{ "CO", "57", "0", "00414|00444|00456|005|007|009" },
	{ "CR", "506", "", "00" },
	{ "CU", "53", "0", "119" },
	{ "CV", "238", "", "0" },
	{ "CW", "599", "", "00" },
	{ "CX", "61", "0", "0011|0014|0015|0016|0018|0019" },
	{ "CY", "357", "", "00" },
	{ "CZ", "420", "", "00" },
	{ "DE", "49", "0", "00" },
	{ "DJ", "253", "", "00" },
	{ "DK", "45", "", "00" },
	{ "DM", "1", "1", "011" },
	{ "DO", "1", "1", "011" },
	{ "DZ", "213", "0", "00" },
	{ "EC", "593", "0", "00" },
	{ "EE", "372", "", "00" },
	{ "EG", "20", "0", "00" },
	{ "EH", "212", "0", "00" },
	{ "ER", "291", "0", "00" },
	{ "ES", "34", "", "00" },
	{ "ET", "251", "0", "00" },
	{ "FI", "358", "0", "00" },
	{ "FJ", "679", "", "00|052" },
	{ "FK", "500", "", "00" },
	{ "FM", "691", "", "00" },
	{ "FO", "298", "", "00" },
	{ "FR", "33", "0", "00" },
	{ "GA", "241", "", "00" },
	{ "GB", "44", "0", "00" },
	{ "GD", "1", "1", "011" },
	{ "GE", "995", "0", "00" },
	{ "GF", "594", "0", "00" },
	{ "GG", "44", "0", "00" },
	{ "GH", "233", "0", "00" },
	{ "GI", "350", "", "00" },
	{ "GL", "299", "", "00" },
	{ "GM", "220", "", "00" },
	{ "GN", "224", "", "00" },
	{ "GP", "590", "0", "00" },
	{ "GQ", "240", "", "00" },
	{ "GR", "30", "", "00" },
	{ "GS", "500", "", "00" },
	{ "GT", "502", "", "00" },
	{ "GU", "1", "1", "011" },
	{ "GW", "245", "", "00" },
	{ "GY", "592", "", "001" },
	{ "HK", "852", "", "00" },
	{ "HN", "504", "", "00" },
	{ "HR", "385", "0", "00" },
	{ "HT", "509", "", "00" },
	{ "HU", "36", "06", "00" },
	{ "ID", "62", "0", "001|007|008|009" },
	{ "IE", "353", "0", "00" },
	{ "IL", "972", "0", "00|012|013|014|015|016|017|018|019" },
	{ "IM", "44", "0", "00" },
	{ "IN", "91", "0", "00" },
	{ "IO", "246", "", "00" },
	{ "IQ", "964", "0", "00" },
	{ "IR", "98", "0", "00" },
	{ "IS", "354", "", "00" },
	{ "IT", "39", "", "00" },
	{ "JE", "44", "0", "00" },
	{ "JM", "1", "1", "011" },
	{ "JO", "962", "0", "00" },
	{ "JP", "81", "0", "010" },
	{ "KE", "254", "0", "000" },
	{ "KG", "996", "0", "00" },
	{ "KH", "855", "0", "001|004|005|006|007|008|009" },
	{ "KI", "686", "0", "00" },
	{ "KM", "269", "", "00" },
	{ "KN", "1", "1", "011" },
	{ "KP", "850", "0", "00|99" },
	{ "KR", "82", "0", "001|002|005|006|008|009|00700" },
	{ "KW", "965", "", "00" },
	{ "KY", "1", "1", "011" },
	{ "KZ", "7", "8", "810|00" },
	{ "LA", "856", "0", "00" },
	{ "LB", "961", "0", "00" },
	{ "LC", "1", "1", "011" },
	{ "LI", "423", "0", "00" },
	{ "LK", "94", "0", "00" },
	{ "LR", "231", "0", "00" },
	{ "LS", "266", "", "00" },
	{ "LT", "370", "8|0", "00" },
	{ "LU", "352", "", "00" },
	{ "LV", "371", "", "00" },
	{ "LY", "218", "0", "00" },
	{ "MA", "212", "0", "00" },
	{ "MC", "377", "0", "00" },
	{ "MD", "373", "0", "00" },
	{ "ME", "382", "0", "00" },
	{ "MF", "590", "0", "00" },
	{ "MG", "261", "0", "00" },
	{ "MH", "692", "1", "011" },
	{ "MK", "389", "0", "00" },
	{ "ML", "223", "", "00" },
	{ "MM", "95", "0", "00" },
	{ "MN", "976", "0", "001" },
	{ "MO", "853", "", "00" },
	{ "MP", "1", "1", "011" },
	{ "MQ", "596", "0", "00" },
	{ "MR", "222", "", "00" },
	{ "MS", "1", "1", "011" },
	{ "MT", "356", "", "00" },
	{ "MU", "230", "", "020|00|030|033|040|050|060|070" },
	{ "MV", "960", "", "00|019" },
	{ "MW", "265", "0", "00" },
	{ "MX", "52", "01|02|044|045|1", "00|09" },
	{ "MY", "60", "0", "00" },
	{ "MZ", "258", "", "00" },
	{ "NA", "264", "0", "00" },
	{ "NC", "687", "", "00" },
	{ "NE", "227", "", "00" },
	{ "NF", "672", "", "00" },
	{ "NG", "234", "0", "009" },
	{ "NI", "505", "", "00" },
	{ "NL", "31", "0", "00" },
	{ "NO", "47", "", "00" },
	{ "NP", "977", "0", "00" },
	{ "NR", "674", "", "00" },
	{ "NU", "683", "", "00" },
	{ "NZ", "64", "0", "00|0161" },
	{ "OM", "968", "", "00" },
	{ "PA", "507", "", "00" },
	{ "PE", "51", "0", "00" },
	{ "PF", "689", "", "00" },
	{ "PG", "675", "", "00" },
	{ "PH", "63", "0", "00" },
	{ "PK", "92", "0", "00" },
	{ "PL", "48", "", "00" },
	{ "PM", "508", "0", "00" },
	{ "PN", "64", "", "00" },
	{ "PR", "1", "1", "011" },
	{ "PS", "970", "0", "00" },
	{ "PT", "351", "", "00" },
	{ "PW", "680", "", "011|012" },
	{ "PY", "595", "0", "00" },
	{ "QA", "974", "", "00" },
	{ "RE", "262", "0", "00" },
	{ "RO", "40", "0", "00" },
	{ "RS", "381", "0", "00" },
	{ "RU", "7", "8", "810|00" },
	{ "RW", "250", "0", "00" },
	{ "SA", "966", "0", "00" },
	{ "SB", "677", "", "00|01" },
	{ "SC", "248", "", "00|010|01|02" },
	{ "SD", "249", "0", "00" },
	{ "SE", "46", "0", "00" },
	{ "SG", "65", "", "000|001|002|008|012|013|018|019" },
	{ "SH", "290", "", "00" },
	{ "SI", "386", "0", "00" },
	{ "SJ", "47", "", "00" },
	{ "SK", "421", "0", "00" },
	{ "SL", "232", "0", "00" },
	{ "SM", "378", "", "00" },
	{ "SN", "221", "", "00" },
	{ "SO", "252", "0", "00" },
	{ "SR", "597", "", "00" },
	{ "SS", "211", "0", "00" },
	{ "ST", "239", "", "00" },
	{ "SV", "503", "", "00" },
	{ "SX", "1", "1", "011" },
	{ "SY", "963", "0", "00" },
	{ "SZ", "268", "", "00" },
	{ "TA", "290", "", "00" },
	{ "TC", "1", "1", "011" },
	{ "TD", "235", "", "00|16" },
	{ "TF", "262", "", "00" },
	{ "TG", "228", "", "00" },
	{ "TH", "66", "0", "001|004|005|006|007|008|009" },
	{ "TJ", "992", "", "810|00" },
	{ "TK", "690", "", "00" },
	{ "TL", "670", "", "00" },
	{ "TM", "993", "8", "810|00" },
	{ "TN", "216", "", "00" },
	{ "TO", "676", "", "00" },
	{ "TR", "90", "0", "00" },
	{ "TT", "1", "1", "011" },
	{ "TV", "688", "", "00" },
	{ "TW", "886", "0", "002|005|006|007|009|019" },
	{ "TZ", "255", "0", "000|005|006" },
	{ "UA", "380", "0", "00" },
	{ "UG", "256", "0", "000|005|007" },
	{ "UM", "1", "1", "011" },
	{ "US", "1", "1", "011" },
	{ "UY", "598", "0", "00" },
	{ "UZ", "998", "8", "810|00" },
	{ "VA", "39", "", "00" },
	{ "VC", "1", "1", "011" },
	{ "VE", "58", "0", "00" },
	{ "VG", "1", "1", "011" },
	{ "VI", "1", "1", "011" },
	{ "VN", "84", "0", "00" },
	{ "VU", "678", "", "00" },
	{ "WF", "681", "", "00" },
	{ "WS", "685", "", "0" },
	{ "XK", "383", "0", "00" },
	{ "YE", "967", "0", "00" },
	{ "YT", "262", "0", "00" },
	{ "ZA", "27", "0", "00" },
	{ "ZM", "260", "0", "00" },
	{ "ZW", "263", "0", "00" },
};

/* Column names seen in real exports, as leads_field_match() reduces them. */
static const struct {
	const char *key;
	enum leads_field f;
} fields[] = {
	{ "name", LEADS_F_NAME },
	{ "fullname", LEADS_F_NAME },
	{ "yourname", LEADS_F_NAME },
	{ "yourfullname", LEADS_F_NAME },
	{ "contactname", LEADS_F_NAME },
	{ "leadname", LEADS_F_NAME },
	{ "customername", LEADS_F_NAME },
	{ "clientname", LEADS_F_NAME },

	{ "firstname", LEADS_F_FIRST_NAME },
	{ "fname", LEADS_F_FIRST_NAME },
	{ "givenname", LEADS_F_FIRST_NAME },
	{ "forename", LEADS_F_FIRST_NAME },
	{ "yourfirstname", LEADS_F_FIRST_NAME },

	{ "lastname", LEADS_F_LAST_NAME },
	{ "lname", LEADS_F_LAST_NAME },
	{ "surname", LEADS_F_LAST_NAME },
	{ "familyname", LEADS_F_LAST_NAME },
	{ "yourlastname", LEADS_F_LAST_NAME },

	{ "email", LEADS_F_EMAIL },
	{ "emailaddress", LEADS_F_EMAIL },
	{ "youremail", LEADS_F_EMAIL },
	{ "youremailaddress", LEADS_F_EMAIL },
	{ "primaryemail", LEADS_F_EMAIL },
	{ "emailaddress1", LEADS_F_EMAIL },	/* Dynamics 365 */
	{ "mail", LEADS_F_EMAIL },

	{ "workemail", LEADS_F_EMAIL2 },
	{ "workemailaddress", LEADS_F_EMAIL2 },
	{ "businessemail", LEADS_F_EMAIL2 },
	{ "secondaryemail", LEADS_F_EMAIL2 },
	{ "otheremail", LEADS_F_EMAIL2 },
	{ "alternateemail", LEADS_F_EMAIL2 },
	{ "email2", LEADS_F_EMAIL2 },
	{ "emailaddress2", LEADS_F_EMAIL2 },

	{ "phone", LEADS_F_PHONE },
	{ "phonenumber", LEADS_F_PHONE },
	{ "phoneno", LEADS_F_PHONE },
	{ "telephone", LEADS_F_PHONE },
	{ "telephonenumber", LEADS_F_PHONE },
	{ "telephone1", LEADS_F_PHONE },	/* Dynamics 365 */
	{ "tel", LEADS_F_PHONE },
	{ "contactnumber", LEADS_F_PHONE },
	{ "contactphone", LEADS_F_PHONE },
	{ "yourphone", LEADS_F_PHONE },
	{ "yourphonenumber", LEADS_F_PHONE },
	{ "workphone", LEADS_F_PHONE },
	{ "businessphone", LEADS_F_PHONE },

	/* A mobile is the phone only when no plain phone is given. */
	{ "mobile", LEADS_F_PHONE2 },
	{ "mobilephone", LEADS_F_PHONE2 },
	{ "mobilenumber", LEADS_F_PHONE2 },
	{ "mobileno", LEADS_F_PHONE2 },
	{ "yourmobile", LEADS_F_PHONE2 },
	{ "cell", LEADS_F_PHONE2 },
	{ "cellphone", LEADS_F_PHONE2 },
	{ "cellnumber", LEADS_F_PHONE2 },
	{ "whatsapp", LEADS_F_PHONE2 },
	{ "whatsappnumber", LEADS_F_PHONE2 },

	{ "company", LEADS_F_COMPANY },
	{ "companyname", LEADS_F_COMPANY },
	{ "yourcompany", LEADS_F_COMPANY },
	{ "organization", LEADS_F_COMPANY },
	{ "organisation", LEADS_F_COMPANY },
	{ "organizationname", LEADS_F_COMPANY },
	{ "organisationname", LEADS_F_COMPANY },
	{ "businessname", LEADS_F_COMPANY },
	{ "associatedcompany", LEADS_F_COMPANY },
	{ "accountname", LEADS_F_COMPANY },

	/* utm_source is campaign tracking, kept as an extra field. */
	{ "source", LEADS_F_SOURCE },
	{ "leadsource", LEADS_F_SOURCE },

	{ "created", LEADS_F_CREATED },
	{ "createdtime", LEADS_F_CREATED },
	{ "createdat", LEADS_F_CREATED },
	{ "createdon", LEADS_F_CREATED },
	{ "createdate", LEADS_F_CREATED },
	{ "createddate", LEADS_F_CREATED },
	{ "datecreated", LEADS_F_CREATED },
	{ "date", LEADS_F_CREATED },
	{ "datesubmitted", LEADS_F_CREATED },
	{ "submittedat", LEADS_F_CREATED },
	{ "submittedon", LEADS_F_CREATED },
	{ "submissiondate", LEADS_F_CREATED },
	{ "entrydate", LEADS_F_CREATED },
	{ "leadsubmittedat", LEADS_F_CREATED },
	{ "leadsubmittedatutc", LEADS_F_CREATED },
	{ "leadsubmittime", LEADS_F_CREATED },
	{ "timestamp", LEADS_F_CREATED },

	{ "id", LEADS_F_ID },
	{ "leadid", LEADS_F_ID },
	{ "recordid", LEADS_F_ID },
	{ "externalid", LEADS_F_ID },
	{ "contactid", LEADS_F_ID },

	{ "owner", LEADS_F_OWNER },
	{ "contactowner", LEADS_F_OWNER },
	{ "leadowner", LEADS_F_OWNER },
	{ "assignedto", LEADS_F_OWNER },
	{ "assignee", LEADS_F_OWNER },

	/* Not "budget": forms take it as free text ("5k", "not sure"). */
	{ "value", LEADS_F_VALUE },
	{ "dealvalue", LEADS_F_VALUE },
	{ "dealamount", LEADS_F_VALUE },
	{ "amount", LEADS_F_VALUE },
	{ "leadvalue", LEADS_F_VALUE },

	{ "timezone", LEADS_F_TZ },
	{ "tz", LEADS_F_TZ },

	{ "note", LEADS_F_NOTE },
	{ "notes", LEADS_F_NOTE },
	{ "message", LEADS_F_NOTE },
	{ "messagebody", LEADS_F_NOTE },
	{ "yourmessage", LEADS_F_NOTE },
	{ "comment", LEADS_F_NOTE },
	{ "comments", LEADS_F_NOTE },
	{ "commentormessage", LEADS_F_NOTE },	/* WPForms' default */
	{ "description", LEADS_F_NOTE },
	{ "enquiry", LEADS_F_NOTE },
	{ "inquiry", LEADS_F_NOTE },
	{ "yourenquiry", LEADS_F_NOTE },
	{ "yourinquiry", LEADS_F_NOTE },
	{ "howcanwehelp", LEADS_F_NOTE },
	{ "howcanwehelpyou", LEADS_F_NOTE },
	{ "additionalinformation", LEADS_F_NOTE },

	/* Not "region": Google's REGION is a state, and "CA" is no Canada. */
	{ "country", LEADS_F_COUNTRY },
	{ "countryregion", LEADS_F_COUNTRY },
	{ "countrycode", LEADS_F_COUNTRY },
	{ "yourcountry", LEADS_F_COUNTRY }
};

/*
 * Currency symbols and codes, lower case; longer first where one ends
 * another: "5 US$" is not "5 US" and "$".
 */
static const char *const currencies[] = {
	"us$", "au$", "ca$", "nz$", "hk$", "a$", "c$", "s$", "r$", "$",
	/* euro, pound, yen, rupee */
	"\xe2\x82\xac", "\xc2\xa3", "\xc2\xa5", "\xe2\x82\xb9",
	"usd", "eur", "gbp", "aud", "cad", "nzd", "chf", "jpy", "cny", "inr",
	"sgd", "hkd", "sek", "nok", "dkk", "zar", "brl", "mxn", "pln", "aed"
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does s[0..n) start with the lower-case ASCII word w, in any case? */
static int
starts_ci(const char *s, size_t n, const char *w)
{
	size_t i, k = strlen(w);

	if (k > n)
		return 0;
	for (i = 0; i < k; i++)
		if (to_lower((unsigned char)s[i]) != (unsigned char)w[i])
			return 0;
	return 1;
}

static int
ends_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return k <= n && starts_ci(s + n - k, k, w);
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Length of the valid UTF-8 character at s (n bytes left); 0 if none. */
static size_t
utf8_char(const unsigned char *s, size_t n)
{
	uint32_t c;
	size_t len, i;

	if (n == 0 || s[0] == '\0')
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2)		/* continuation, or overlong 2 bytes */
		return 0;
	if (s[0] < 0xe0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] < 0xf5) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return len;
}

/*
 * s[0..n) made fit to quote in a message: control bytes and bad UTF-8
 * become '?', and a long value is cut, between characters, with "...".
 */
static const char *
show(char *q, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, j = 0, k;

	while (i < n) {
		if ((k = utf8_char(p + i, n - i)) == 0 ||
		    (k == 1 && (p[i] < 0x20 || p[i] == 0x7f))) {
			if (j + 1 > SHOW_MAX)
				goto cut;
			q[j++] = '?';
			i++;
			continue;
		}
		if (j + k > SHOW_MAX)
			goto cut;
		memcpy(q + j, p + i, k);
		i += k;
		j += k;
	}
	q[j] = '\0';
	return q;
cut:
	memcpy(q + j, "...", 4);
	return q;
}

/* One byte for a message: 'z', or byte 0xNN when it would not print. */
static const char *
show_byte(char *q, size_t n, int c)
{
	if (c > 0x20 && c < 0x7f)
		snprintf(q, n, "'%c'", c);
	else if (c == ' ')
		snprintf(q, n, "space");
	else
		snprintf(q, n, "byte 0x%02x", (unsigned)c);
	return q;
}

int
leads_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if ((k = utf8_char(p + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* ---- email ------------------------------------------------------------ */

/* RFC 5322 atext. */
static int
is_atext(int c)
{
	return is_alpha(c) || is_digit(c) || (c != '\0' &&
	    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* Why the lower-cased address a[0..n) is not plausible; NULL if it is. */
static const char *
email_why(const char *a, size_t n, char *why, size_t whyn)
{
	const char *at, *d, *lab, *e = a + n;
	size_t i, len, local;
	char b[16];
	int c, ascii, letters;

	for (i = 0; i < n; i++)
		if (is_space((unsigned char)a[i]))
			return "contains white space";
	if (!leads_utf8_valid(a, n))
		return "not valid UTF-8";
	if ((at = memchr(a, '@', n)) == NULL)
		return "no '@'";
	if (memchr(at + 1, '@', (size_t)(e - at - 1)) != NULL)
		return "more than one '@'";

	local = (size_t)(at - a);
	if (local == 0)
		return "no local part";
	if (local > LOCAL_MAX)
		return "local part over 64 bytes";
	for (i = 0; i < local; i++) {
		c = (unsigned char)a[i];
		if (c != '.' && !is_atext(c)) {
			snprintf(why, whyn, "unexpected %s in local part",
			    show_byte(b, sizeof(b), c));
			return why;
		}
	}
	if (a[0] == '.' || a[local - 1] == '.')
		return "local part starts or ends with '.'";
	for (i = 1; i < local; i++)
		if (a[i] == '.' && a[i - 1] == '.')
			return "'..' in local part";

	d = at + 1;
	if (d == e)
		return "no domain";
	if (memchr(d, '.', (size_t)(e - d)) == NULL)
		return "domain has only one label";
	for (lab = d; lab <= e; lab += len + 1) {
		for (len = 0; lab + len < e && lab[len] != '.'; len++) {
			c = (unsigned char)lab[len];
			if (c < 0x80 && c != '-' && !is_alpha(c) &&
			    !is_digit(c)) {
				snprintf(why, whyn, "unexpected %s in domain",
				    show_byte(b, sizeof(b), c));
				return why;
			}
		}
		if (len == 0)
			return "empty label in domain";
		if (len > LABEL_MAX)
			return "domain label over 63 bytes";
		if (lab[0] == '-' || lab[len - 1] == '-')
			return "domain label starts or ends with '-'";
		if (lab + len < e)
			continue;
		/* The top level: letters, punycode ("xn--p1ai") or UTF-8. */
		ascii = letters = 1;
		for (i = 0; i < len; i++) {
			c = (unsigned char)lab[i];
			ascii &= c < 0x80;
			letters &= is_alpha(c);
		}
		if (!ascii || (len >= 2 && letters) || (len > 4 &&
		    starts_ci(lab, len, "xn--")))
			break;
		snprintf(why, whyn, "bad top-level domain '%.*s'", (int)len,
		    lab);
		return why;
	}
	return NULL;
}

int
leads_norm_email(const char *in, char *out, size_t n, struct leads_err *err)
{
	char q[SHOW_SIZE], a[EMAIL_MAX + 1], why[96];
	const char *s = in, *r, *lt = NULL;
	size_t len = strlen(in), i;

	trim(&s, &len);
	show(q, s, len);
	/* "Ana Ruiz" <ana@example.com>: the address in the last <>. */
	if (len > 0 && s[len - 1] == '>') {
		for (i = len - 1; i > 0; i--)
			if (s[i - 1] == '<') {
				lt = s + i;
				break;
			}
		if (lt != NULL) {
			len = (size_t)(s + len - 1 - lt);
			s = lt;
			trim(&s, &len);
		}
	}
	if (starts_ci(s, len, "mailto:")) {
		s += 7;
		len -= 7;
		/* "?subject=...": a local part's '?' would be %3F in a URI. */
		if ((r = memchr(s, '?', len)) != NULL)
			len = (size_t)(r - s);
		trim(&s, &len);
	}
	if (len == 0)
		return leads_errf(err, LEADS_EDATA, "bad email '%s': empty", q);
	if (len > EMAIL_MAX)
		return leads_errf(err, LEADS_EDATA,
		    "bad email '%s': over %d bytes", q, EMAIL_MAX);
	for (i = 0; i < len; i++)
		a[i] = (char)to_lower((unsigned char)s[i]);
	a[len] = '\0';
	if ((r = email_why(a, len, why, sizeof(why))) != NULL)
		return leads_errf(err, LEADS_EDATA, "bad email '%s': %s", q, r);
	if (len >= n)
		return leads_errf(err, LEADS_EDATA,
		    "bad email '%s': longer than %zu bytes", q,
		    n > 0 ? n - 1 : 0);
	memcpy(out, a, len + 1);
	return 0;
}

/* ---- phone ------------------------------------------------------------ */

static int
country_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct country *)e)->iso);
}

static const struct country *
country_find(const char *cc)
{
	char k[3];

	if (cc == NULL || !is_alpha((unsigned char)cc[0]) ||
	    !is_alpha((unsigned char)cc[1]) || cc[2] != '\0')
		return NULL;
	k[0] = (char)(to_lower((unsigned char)cc[0]) - 'a' + 'A');
	k[1] = (char)(to_lower((unsigned char)cc[1]) - 'a' + 'A');
	k[2] = '\0';
	return bsearch(k, countries, NELEM(countries), sizeof(countries[0]),
	    country_cmp);
}

int
leads_country_valid(const char *cc)
{
	return country_find(cc) != NULL;
}

/*
 * The length of the first prefix in list ("0011|0014") that the digits
 * d[0..n) start with and go on after; 0 if none.
 */
static size_t
prefix_in(const char *d, size_t n, const char *list)
{
	const char *p = list, *e;
	size_t k;

	while (*p != '\0') {
		if ((e = strchr(p, '|')) == NULL)
			e = p + strlen(p);
		k = (size_t)(e - p);
		if (k > 0 && k < n && memcmp(d, p, k) == 0)
			return k;
		p = *e != '\0' ? e + 1 : e;
	}
	return 0;
}

/* Where an extension (" x12", "ext. 12", "#12", ";ext=12") starts. */
static size_t
phone_ext(const char *s, size_t n)
{
	static const char *const marks[] = { "extension", "ext", "x", "#" };
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		/* RFC 3966 parameters: ";ext=12", ";phone-context=...". */
		if (s[i] == ';')
			return i;
		if ((s[i] | 0x20) != 'e' && (s[i] | 0x20) != 'x' && s[i] != '#')
			continue;
		for (k = 0; k < NELEM(marks); k++) {
			if (!starts_ci(s + i, n - i, marks[k]))
				continue;
			j = i + strlen(marks[k]);
			while (j < n && (s[j] == '.' || s[j] == ':' ||
			    s[j] == '=' || s[j] == ' '))
				j++;
			if (j == n || !is_digit((unsigned char)s[j]))
				continue;
			while (j < n && is_digit((unsigned char)s[j]))
				j++;
			while (j < n && s[j] == ' ')
				j++;
			if (j == n)
				return i;
		}
	}
	return n;
}

int
leads_norm_phone(const char *in, const char *country, char *out, size_t n,
    struct leads_err *err)
{
	const struct country *c = NULL;
	char q[SHOW_SIZE], d[PHONE_DIG], r[PHONE_DIG + 8], b[16];
	const char *s = in, *s0;
	size_t len = strlen(in), l0, i, nd = 0, p = 0, t, zero = 0, rl;
	int plus = 0, lead = 1, intl;

	if (country != NULL && *country != '\0' &&
	    (c = country_find(country)) == NULL)
		return leads_errf(err, LEADS_EDATA, "unknown country '%s'",
		    show(q, country, strlen(country)));
	trim(&s, &len);
	s0 = s;
	l0 = len;
	if (starts_ci(s, len, "tel:")) {
		s += 4;
		len -= 4;
	} else if (starts_ci(s, len, "p:")) {
		s += 2;
		len -= 2;
	}
	len = phone_ext(s, len);
	trim(&s, &len);
	if (len == 0)
		return leads_errf(err, LEADS_EDATA, "bad phone '%s': empty",
		    show(q, s0, l0));

	for (i = 0; i < len; i++) {
		int ch = (unsigned char)s[i];

		if (is_digit(ch)) {
			if (nd < sizeof(d))
				d[nd] = (char)ch;
			nd++;
		} else if (ch == '+' && lead && !plus) {
			plus = 1;		/* "+44 ...", "(+44) ..." */
		} else if (ch == '(' && zero == 0 && nd > 0 &&
		    i + 2 < len && s[i + 1] == '0' && s[i + 2] == ')') {
			zero = nd;		/* "+44 (0)20": see below */
		} else if (ch != ' ' && ch != '.' && ch != '-' && ch != '(' &&
		    ch != ')' && ch != '/')
			return leads_errf(err, LEADS_EDATA,
			    "bad phone '%s': unexpected %s", show(q, s0, l0),
			    show_byte(b, sizeof(b), ch));
		if (ch != '(' && ch != ' ')
			lead = 0;
	}
	if (nd > sizeof(d))
		return leads_errf(err, LEADS_EDATA,
		    "bad phone '%s': %zu digits, need %d to %d",
		    show(q, s0, l0), nd, PHONE_MIN, PHONE_MAX);

	/*
	 * Without a country, "00" is still taken as the international
	 * prefix: no national number anywhere starts with it.
	 */
	intl = plus;
	if (!plus && (p = prefix_in(d, nd, c ? c->idd : "00")) > 0)
		intl = 1;
	if (intl) {
		/*
		 * The trunk prefix some write for callers at home; Italy's
		 * leading 0 is no trunk prefix but part of the number.
		 */
		if (zero > p && d[zero] == '0' &&
		    !(nd - p >= 2 && d[p] == '3' && d[p + 1] == '9')) {
			memmove(d + zero, d + zero + 1, nd - zero - 1);
			nd--;
		}
		if (nd > p && d[p] == '0')
			return leads_errf(err, LEADS_EDATA,
			    "bad phone '%s': country code cannot start with 0",
			    show(q, s0, l0));
		rl = (size_t)snprintf(r, sizeof(r), "+%.*s", (int)(nd - p),
		    d + p);
	} else if (c != NULL) {
		/* NANP: "1 650 253 0000", but never a 10-digit number. */
		if (strcmp(c->code, "1") == 0)
			t = nd == 11 && d[0] == '1';
		else
			t = prefix_in(d, nd, c->trunk);
		rl = (size_t)snprintf(r, sizeof(r), "+%s%.*s", c->code,
		    (int)(nd - t), d + t);
	} else
		rl = (size_t)snprintf(r, sizeof(r), "%.*s", (int)nd, d);

	nd = r[0] == '+' ? rl - 1 : rl;
	if (nd < PHONE_MIN || nd > PHONE_MAX)
		return leads_errf(err, LEADS_EDATA,
		    "bad phone '%s': %zu digits, need %d to %d",
		    show(q, s0, l0), nd, PHONE_MIN, PHONE_MAX);
	if (rl >= n)
		return leads_errf(err, LEADS_EDATA,
		    "bad phone '%s': longer than %zu bytes", show(q, s0, l0),
		    n > 0 ? n - 1 : 0);
	memcpy(out, r, rl + 1);
	return 0;
}

/* ---- names ------------------------------------------------------------ */

static int
is_name_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
leads_norm_name(const char *in, char *out, size_t n)
{
	const unsigned char *s = (const unsigned char *)in, *e;
	size_t j = 0, k, want;
	int sp = 0;

	if (n == 0)
		return;
	e = s + strlen(in);
	while (s < e && is_name_space(*s))
		s++;
	while (e > s && is_name_space(e[-1]))
		e--;
	/* Works in place: out never gets ahead of in. */
	while (s < e) {
		if (is_name_space(*s)) {
			sp = 1;
			s++;
			continue;
		}
		want = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1;
		for (k = 1; k < want && s + k < e && (s[k] & 0xc0) == 0x80; k++)
			;
		if (j + (size_t)sp + k > n - 1)
			break;
		if (sp) {
			out[j++] = ' ';
			sp = 0;
		}
		memmove(out + j, s, k);
		j += k;
		s += k;
	}
	out[j] = '\0';
}

/* ---- money ------------------------------------------------------------ */

/* Drop a currency at the start of s[0..*n), or at its end if end. */
static void
skip_currency(const char **s, size_t *n, int end)
{
	const char *cur;
	size_t i;

	for (i = 0; i < NELEM(currencies); i++) {
		cur = currencies[i];
		if (end ? !ends_ci(*s, *n, cur) : !starts_ci(*s, *n, cur))
			continue;
		if (!end)
			*s += strlen(cur);
		*n -= strlen(cur);
		trim(s, n);
		return;
	}
}

static int
add_digit(uint64_t *m, size_t *sig, int d)
{
	*m = *m * 10 + (uint64_t)d;
	if (*m != 0 && ++*sig > VALUE_DIG)
		return -1;
	return 0;
}

int
leads_parse_value(const char *in, double *v, struct leads_err *err)
{
	char q[SHOW_SIZE];
	const char *s = in;
	size_t n = strlen(in), i, run = 0, sig = 0, frac = 0, zeros = 0;
	uint64_t m = 0;
	double p10 = 1;
	int c, neg = 0, dot = 0, grouped = 0, digits = 0;

	trim(&s, &n);
	show(q, s, n);
	if (n == 0)
		return leads_errf(err, LEADS_EDATA, "bad value '': empty");
	if (*s == '-') {
		neg = 1;
		s++;
		n--;
	}
	skip_currency(&s, &n, 0);
	skip_currency(&s, &n, 1);
	/* "$-5", and accountants' "(5)". */
	if (neg || (n > 0 && *s == '-') || (n > 1 && s[0] == '(' &&
	    s[n - 1] == ')'))
		return leads_errf(err, LEADS_EDATA, "bad value '%s': negative",
		    q);

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == ',' && !dot) {
			if (run == 0 || run > 3 || (grouped && run != 3))
				goto comma;
			grouped = 1;
			run = 0;
			continue;
		}
		if (c == '.' && !dot) {
			if (grouped && run != 3)
				goto comma;
			dot = 1;
			continue;
		}
		if (!is_digit(c))
			return leads_errf(err, LEADS_EDATA,
			    "bad value '%s': not a number", q);
		run++;
		digits++;
		/* Trailing zeros of the fraction change nothing. */
		if (dot && c == '0') {
			zeros++;
			continue;
		}
		for (; zeros > 0; zeros--, frac++)
			if (add_digit(&m, &sig, 0) == -1)
				goto toolong;
		if (add_digit(&m, &sig, c - '0') == -1)
			goto toolong;
		if (dot)
			frac++;
	}
	if (!dot && grouped && run != 3)
		goto comma;
	if (digits == 0)
		return leads_errf(err, LEADS_EDATA,
		    "bad value '%s': not a number", q);
	if (frac > 22)
		goto toolong;
	/* Both exact below 2^53 and 1e22: the quotient rounds once. */
	for (i = 0; i < frac; i++)
		p10 *= 10;
	*v = (double)m / p10;
	return 0;
comma:
	return leads_errf(err, LEADS_EDATA,
	    "bad value '%s': thousands separator ',' out of place", q);
toolong:
	return leads_errf(err, LEADS_EDATA, "bad value '%s': too many digits",
	    q);
}

/* ---- field names ------------------------------------------------------ */

/* The names above in strcmp order, for bsearch: built once, then read. */
static unsigned char field_order[NELEM(fields)];
_Static_assert(NELEM(fields) <= 256, "field_order holds indexes");
static once_flag field_once = ONCE_FLAG_INIT;

static int
cmp_field(const void *a, const void *b)
{
	return strcmp(fields[*(const unsigned char *)a].key,
	    fields[*(const unsigned char *)b].key);
}

static void
sort_fields(void)
{
	size_t i;

	for (i = 0; i < NELEM(fields); i++)
		field_order[i] = (unsigned char)i;
	qsort(field_order, NELEM(fields), 1, cmp_field);
}

static int
find_field(const void *key, const void *elem)
{
	return strcmp(key, fields[*(const unsigned char *)elem].key);
}

enum leads_field
leads_field_match(const char *name)
{
	const unsigned char *hit;
	char k[32];
	size_t i, j = 0;
	int c;

	if (name == NULL)
		return LEADS_F_OTHER;
	for (i = 0; name[i] != '\0'; i++) {
		c = (unsigned char)name[i];
		if (is_space(c) || c == '_' || c == '-' || c == '.' ||
		    c == '/' || c == '(' || c == ')' || c == ':' || c == '?' ||
		    c == '*')
			continue;
		if (j + 1 >= sizeof(k))
			return LEADS_F_OTHER;
		k[j++] = (char)to_lower(c);
	}
	k[j] = '\0';
	call_once(&field_once, sort_fields);
	hit = bsearch(k, field_order, NELEM(fields), 1, find_field);
	return hit != NULL ? fields[*hit].f : LEADS_F_OTHER;
}
