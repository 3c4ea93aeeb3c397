//! Generated from tzdata 2025b by `ROOMFIT_UPDATE_TZ=1 cargo test --test handoff_tzdata`;
//! do not edit. `RULES`: POSIX TZ rules, one a line; `ZONES`: "name rule-line";
//! `TRANSITIONS`: explicit (unix seconds, UTC offset) lists where the rule is not enough.

pub(super) const VERSION: &str = "2025b";
pub(super) const RULES: &str = "\
GMT0\n\
EAT-3\n\
CET-1\n\
WAT-1\n\
CAT-2\n\
EET-2EEST,M4.5.5/0,M10.5.4/24\n\
<+01>-1\n\
CET-1CEST,M3.5.0,M10.5.0/3\n\
SAST-2\n\
EET-2\n\
HST10HDT,M3.2.0,M11.1.0\n\
AKST9AKDT,M3.2.0,M11.1.0\n\
AST4\n\
<-03>3\n\
EST5\n\
CST6\n\
<-04>4\n\
<-05>5\n\
MST7MDT,M3.2.0,M11.1.0\n\
CST6CDT,M3.2.0,M11.1.0\n\
MST7\n\
EST5EDT,M3.2.0,M11.1.0\n\
PST8PDT,M3.2.0,M11.1.0\n\
AST4ADT,M3.2.0,M11.1.0\n\
<-02>2<-01>,M3.5.0/-1,M10.5.0/0\n\
CST5CDT,M3.2.0/0,M11.1.0/1\n\
<-03>3<-02>,M3.2.0,M11.1.0\n\
<-02>2\n\
<-04>4<-03>,M9.1.6/24,M4.1.6/24\n\
NST3:30NDT,M3.2.0,M11.1.0\n\
<+08>-8\n\
<+07>-7\n\
<+10>-10\n\
AEST-10AEDT,M10.1.0,M4.1.0/3\n\
<+05>-5\n\
NZST-12NZDT,M9.5.0,M4.1.0/3\n\
<+03>-3\n\
<+00>0<+02>-2,M3.5.0/1,M10.5.0/3\n\
<+12>-12\n\
<+04>-4\n\
EET-2EEST,M3.5.0/0,M10.5.0/0\n\
<+06>-6\n\
IST-5:30\n\
<+09>-9\n\
CST-8\n\
<+0530>-5:30\n\
EET-2EEST,M3.5.0/3,M10.5.0/4\n\
EET-2EEST,M3.4.4/50,M10.4.4/50\n\
HKT-8\n\
WIB-7\n\
WIT-9\n\
IST-2IDT,M3.4.4/26,M10.5.0\n\
<+0430>-4:30\n\
PKT-5\n\
<+0545>-5:45\n\
<+11>-11\n\
WITA-8\n\
PST-8\n\
KST-9\n\
<+0630>-6:30\n\
<+0330>-3:30\n\
JST-9\n\
<-01>1<+00>,M3.5.0/0,M10.5.0/1\n\
WET0WEST,M3.5.0/1,M10.5.0\n\
<-01>1\n\
ACST-9:30ACDT,M10.1.0,M4.1.0/3\n\
AEST-10\n\
ACST-9:30\n\
<+0845>-8:45\n\
<+1030>-10:30<+11>-11,M10.1.0,M4.1.0\n\
AWST-8\n\
<-06>6<-05>,M9.1.6/22,M4.1.6/22\n\
IST-1GMT0,M10.5.0,M3.5.0/1\n\
<-10>10\n\
<-11>11\n\
<-12>12\n\
<-06>6\n\
<-07>7\n\
<-08>8\n\
<-09>9\n\
<+13>-13\n\
<+14>-14\n\
<+02>-2\n\
UTC0\n\
GMT0BST,M3.5.0/1,M10.5.0\n\
EET-2EEST,M3.5.0,M10.5.0/3\n\
MSK-3\n\
<-00>0\n\
HST10\n\
MET-1MEST,M3.5.0,M10.5.0/3\n\
<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45\n\
ChST-10\n\
<-0930>9:30\n\
SST11\n\
<+11>-11<+12>,M10.1.0,M4.1.0/3\n\
";
pub(super) const ZONES: &str = "\
Africa/Abidjan 0\n\
Africa/Accra 0\n\
Africa/Addis_Ababa 1\n\
Africa/Algiers 2\n\
Africa/Asmara 1\n\
Africa/Asmera 1\n\
Africa/Bamako 0\n\
Africa/Bangui 3\n\
Africa/Banjul 0\n\
Africa/Bissau 0\n\
Africa/Blantyre 4\n\
Africa/Brazzaville 3\n\
Africa/Bujumbura 4\n\
Africa/Cairo 5\n\
Africa/Casablanca 6\n\
Africa/Ceuta 7\n\
Africa/Conakry 0\n\
Africa/Dakar 0\n\
Africa/Dar_es_Salaam 1\n\
Africa/Djibouti 1\n\
Africa/Douala 3\n\
Africa/El_Aaiun 6\n\
Africa/Freetown 0\n\
Africa/Gaborone 4\n\
Africa/Harare 4\n\
Africa/Johannesburg 8\n\
Africa/Juba 4\n\
Africa/Kampala 1\n\
Africa/Khartoum 4\n\
Africa/Kigali 4\n\
Africa/Kinshasa 3\n\
Africa/Lagos 3\n\
Africa/Libreville 3\n\
Africa/Lome 0\n\
Africa/Luanda 3\n\
Africa/Lubumbashi 4\n\
Africa/Lusaka 4\n\
Africa/Malabo 3\n\
Africa/Maputo 4\n\
Africa/Maseru 8\n\
Africa/Mbabane 8\n\
Africa/Mogadishu 1\n\
Africa/Monrovia 0\n\
Africa/Nairobi 1\n\
Africa/Ndjamena 3\n\
Africa/Niamey 3\n\
Africa/Nouakchott 0\n\
Africa/Ouagadougou 0\n\
Africa/Porto-Novo 3\n\
Africa/Sao_Tome 0\n\
Africa/Timbuktu 0\n\
Africa/Tripoli 9\n\
Africa/Tunis 2\n\
Africa/Windhoek 4\n\
America/Adak 10\n\
America/Anchorage 11\n\
America/Anguilla 12\n\
America/Antigua 12\n\
America/Araguaina 13\n\
America/Argentina/Buenos_Aires 13\n\
America/Argentina/Catamarca 13\n\
America/Argentina/ComodRivadavia 13\n\
America/Argentina/Cordoba 13\n\
America/Argentina/Jujuy 13\n\
America/Argentina/La_Rioja 13\n\
America/Argentina/Mendoza 13\n\
America/Argentina/Rio_Gallegos 13\n\
America/Argentina/Salta 13\n\
America/Argentina/San_Juan 13\n\
America/Argentina/San_Luis 13\n\
America/Argentina/Tucuman 13\n\
America/Argentina/Ushuaia 13\n\
America/Aruba 12\n\
America/Asuncion 13\n\
America/Atikokan 14\n\
America/Atka 10\n\
America/Bahia 13\n\
America/Bahia_Banderas 15\n\
America/Barbados 12\n\
America/Belem 13\n\
America/Belize 15\n\
America/Blanc-Sablon 12\n\
America/Boa_Vista 16\n\
America/Bogota 17\n\
America/Boise 18\n\
America/Buenos_Aires 13\n\
America/Cambridge_Bay 18\n\
America/Campo_Grande 16\n\
America/Cancun 14\n\
America/Caracas 16\n\
America/Catamarca 13\n\
America/Cayenne 13\n\
America/Cayman 14\n\
America/Chicago 19\n\
America/Chihuahua 15\n\
America/Ciudad_Juarez 18\n\
America/Coral_Harbour 14\n\
America/Cordoba 13\n\
America/Costa_Rica 15\n\
America/Coyhaique 13\n\
America/Creston 20\n\
America/Cuiaba 16\n\
America/Curacao 12\n\
America/Danmarkshavn 0\n\
America/Dawson 20\n\
America/Dawson_Creek 20\n\
America/Denver 18\n\
America/Detroit 21\n\
America/Dominica 12\n\
America/Edmonton 18\n\
America/Eirunepe 17\n\
America/El_Salvador 15\n\
America/Ensenada 22\n\
America/Fort_Nelson 20\n\
America/Fort_Wayne 21\n\
America/Fortaleza 13\n\
America/Glace_Bay 23\n\
America/Godthab 24\n\
America/Goose_Bay 23\n\
America/Grand_Turk 21\n\
America/Grenada 12\n\
America/Guadeloupe 12\n\
America/Guatemala 15\n\
America/Guayaquil 17\n\
America/Guyana 16\n\
America/Halifax 23\n\
America/Havana 25\n\
America/Hermosillo 20\n\
America/Indiana/Indianapolis 21\n\
America/Indiana/Knox 19\n\
America/Indiana/Marengo 21\n\
America/Indiana/Petersburg 21\n\
America/Indiana/Tell_City 19\n\
America/Indiana/Vevay 21\n\
America/Indiana/Vincennes 21\n\
America/Indiana/Winamac 21\n\
America/Indianapolis 21\n\
America/Inuvik 18\n\
America/Iqaluit 21\n\
America/Jamaica 14\n\
America/Jujuy 13\n\
America/Juneau 11\n\
America/Kentucky/Louisville 21\n\
America/Kentucky/Monticello 21\n\
America/Knox_IN 19\n\
America/Kralendijk 12\n\
America/La_Paz 16\n\
America/Lima 17\n\
America/Los_Angeles 22\n\
America/Louisville 21\n\
America/Lower_Princes 12\n\
America/Maceio 13\n\
America/Managua 15\n\
America/Manaus 16\n\
America/Marigot 12\n\
America/Martinique 12\n\
America/Matamoros 19\n\
America/Mazatlan 20\n\
America/Mendoza 13\n\
America/Menominee 19\n\
America/Merida 15\n\
America/Metlakatla 11\n\
America/Mexico_City 15\n\
America/Miquelon 26\n\
America/Moncton 23\n\
America/Monterrey 15\n\
America/Montevideo 13\n\
America/Montreal 21\n\
America/Montserrat 12\n\
America/Nassau 21\n\
America/New_York 21\n\
America/Nipigon 21\n\
America/Nome 11\n\
America/Noronha 27\n\
America/North_Dakota/Beulah 19\n\
America/North_Dakota/Center 19\n\
America/North_Dakota/New_Salem 19\n\
America/Nuuk 24\n\
America/Ojinaga 19\n\
America/Panama 14\n\
America/Pangnirtung 21\n\
America/Paramaribo 13\n\
America/Phoenix 20\n\
America/Port-au-Prince 21\n\
America/Port_of_Spain 12\n\
America/Porto_Acre 17\n\
America/Porto_Velho 16\n\
America/Puerto_Rico 12\n\
America/Punta_Arenas 13\n\
America/Rainy_River 19\n\
America/Rankin_Inlet 19\n\
America/Recife 13\n\
America/Regina 15\n\
America/Resolute 19\n\
America/Rio_Branco 17\n\
America/Rosario 13\n\
America/Santa_Isabel 22\n\
America/Santarem 13\n\
America/Santiago 28\n\
America/Santo_Domingo 12\n\
America/Sao_Paulo 13\n\
America/Scoresbysund 24\n\
America/Shiprock 18\n\
America/Sitka 11\n\
America/St_Barthelemy 12\n\
America/St_Johns 29\n\
America/St_Kitts 12\n\
America/St_Lucia 12\n\
America/St_Thomas 12\n\
America/St_Vincent 12\n\
America/Swift_Current 15\n\
America/Tegucigalpa 15\n\
America/Thule 23\n\
America/Thunder_Bay 21\n\
America/Tijuana 22\n\
America/Toronto 21\n\
America/Tortola 12\n\
America/Vancouver 22\n\
America/Virgin 12\n\
America/Whitehorse 20\n\
America/Winnipeg 19\n\
America/Yakutat 11\n\
America/Yellowknife 18\n\
Antarctica/Casey 30\n\
Antarctica/Davis 31\n\
Antarctica/DumontDUrville 32\n\
Antarctica/Macquarie 33\n\
Antarctica/Mawson 34\n\
Antarctica/McMurdo 35\n\
Antarctica/Palmer 13\n\
Antarctica/Rothera 13\n\
Antarctica/South_Pole 35\n\
Antarctica/Syowa 36\n\
Antarctica/Troll 37\n\
Antarctica/Vostok 34\n\
Arctic/Longyearbyen 7\n\
Asia/Aden 36\n\
Asia/Almaty 34\n\
Asia/Amman 36\n\
Asia/Anadyr 38\n\
Asia/Aqtau 34\n\
Asia/Aqtobe 34\n\
Asia/Ashgabat 34\n\
Asia/Ashkhabad 34\n\
Asia/Atyrau 34\n\
Asia/Baghdad 36\n\
Asia/Bahrain 36\n\
Asia/Baku 39\n\
Asia/Bangkok 31\n\
Asia/Barnaul 31\n\
Asia/Beirut 40\n\
Asia/Bishkek 41\n\
Asia/Brunei 30\n\
Asia/Calcutta 42\n\
Asia/Chita 43\n\
Asia/Choibalsan 30\n\
Asia/Chongqing 44\n\
Asia/Chungking 44\n\
Asia/Colombo 45\n\
Asia/Dacca 41\n\
Asia/Damascus 36\n\
Asia/Dhaka 41\n\
Asia/Dili 43\n\
Asia/Dubai 39\n\
Asia/Dushanbe 34\n\
Asia/Famagusta 46\n\
Asia/Gaza 47\n\
Asia/Harbin 44\n\
Asia/Hebron 47\n\
Asia/Ho_Chi_Minh 31\n\
Asia/Hong_Kong 48\n\
Asia/Hovd 31\n\
Asia/Irkutsk 30\n\
Asia/Istanbul 36\n\
Asia/Jakarta 49\n\
Asia/Jayapura 50\n\
Asia/Jerusalem 51\n\
Asia/Kabul 52\n\
Asia/Kamchatka 38\n\
Asia/Karachi 53\n\
Asia/Kashgar 41\n\
Asia/Kathmandu 54\n\
Asia/Katmandu 54\n\
Asia/Khandyga 43\n\
Asia/Kolkata 42\n\
Asia/Krasnoyarsk 31\n\
Asia/Kuala_Lumpur 30\n\
Asia/Kuching 30\n\
Asia/Kuwait 36\n\
Asia/Macao 44\n\
Asia/Macau 44\n\
Asia/Magadan 55\n\
Asia/Makassar 56\n\
Asia/Manila 57\n\
Asia/Muscat 39\n\
Asia/Nicosia 46\n\
Asia/Novokuznetsk 31\n\
Asia/Novosibirsk 31\n\
Asia/Omsk 41\n\
Asia/Oral 34\n\
Asia/Phnom_Penh 31\n\
Asia/Pontianak 49\n\
Asia/Pyongyang 58\n\
Asia/Qatar 36\n\
Asia/Qostanay 34\n\
Asia/Qyzylorda 34\n\
Asia/Rangoon 59\n\
Asia/Riyadh 36\n\
Asia/Saigon 31\n\
Asia/Sakhalin 55\n\
Asia/Samarkand 34\n\
Asia/Seoul 58\n\
Asia/Shanghai 44\n\
Asia/Singapore 30\n\
Asia/Srednekolymsk 55\n\
Asia/Taipei 44\n\
Asia/Tashkent 34\n\
Asia/Tbilisi 39\n\
Asia/Tehran 60\n\
Asia/Tel_Aviv 51\n\
Asia/Thimbu 41\n\
Asia/Thimphu 41\n\
Asia/Tokyo 61\n\
Asia/Tomsk 31\n\
Asia/Ujung_Pandang 56\n\
Asia/Ulaanbaatar 30\n\
Asia/Ulan_Bator 30\n\
Asia/Urumqi 41\n\
Asia/Ust-Nera 32\n\
Asia/Vientiane 31\n\
Asia/Vladivostok 32\n\
Asia/Yakutsk 43\n\
Asia/Yangon 59\n\
Asia/Yekaterinburg 34\n\
Asia/Yerevan 39\n\
Atlantic/Azores 62\n\
Atlantic/Bermuda 23\n\
Atlantic/Canary 63\n\
Atlantic/Cape_Verde 64\n\
Atlantic/Faeroe 63\n\
Atlantic/Faroe 63\n\
Atlantic/Jan_Mayen 7\n\
Atlantic/Madeira 63\n\
Atlantic/Reykjavik 0\n\
Atlantic/South_Georgia 27\n\
Atlantic/St_Helena 0\n\
Atlantic/Stanley 13\n\
Australia/ACT 33\n\
Australia/Adelaide 65\n\
Australia/Brisbane 66\n\
Australia/Broken_Hill 65\n\
Australia/Canberra 33\n\
Australia/Currie 33\n\
Australia/Darwin 67\n\
Australia/Eucla 68\n\
Australia/Hobart 33\n\
Australia/LHI 69\n\
Australia/Lindeman 66\n\
Australia/Lord_Howe 69\n\
Australia/Melbourne 33\n\
Australia/NSW 33\n\
Australia/North 67\n\
Australia/Perth 70\n\
Australia/Queensland 66\n\
Australia/South 65\n\
Australia/Sydney 33\n\
Australia/Tasmania 33\n\
Australia/Victoria 33\n\
Australia/West 70\n\
Australia/Yancowinna 65\n\
Brazil/Acre 17\n\
Brazil/DeNoronha 27\n\
Brazil/East 13\n\
Brazil/West 16\n\
CET 7\n\
CST6CDT 19\n\
Canada/Atlantic 23\n\
Canada/Central 19\n\
Canada/Eastern 21\n\
Canada/Mountain 18\n\
Canada/Newfoundland 29\n\
Canada/Pacific 22\n\
Canada/Saskatchewan 15\n\
Canada/Yukon 20\n\
Chile/Continental 28\n\
Chile/EasterIsland 71\n\
Cuba 25\n\
EET 46\n\
EST 14\n\
EST5EDT 21\n\
Egypt 5\n\
Eire 72\n\
Etc/GMT 0\n\
Etc/GMT+0 0\n\
Etc/GMT+1 64\n\
Etc/GMT+10 73\n\
Etc/GMT+11 74\n\
Etc/GMT+12 75\n\
Etc/GMT+2 27\n\
Etc/GMT+3 13\n\
Etc/GMT+4 16\n\
Etc/GMT+5 17\n\
Etc/GMT+6 76\n\
Etc/GMT+7 77\n\
Etc/GMT+8 78\n\
Etc/GMT+9 79\n\
Etc/GMT-0 0\n\
Etc/GMT-1 6\n\
Etc/GMT-10 32\n\
Etc/GMT-11 55\n\
Etc/GMT-12 38\n\
Etc/GMT-13 80\n\
Etc/GMT-14 81\n\
Etc/GMT-2 82\n\
Etc/GMT-3 36\n\
Etc/GMT-4 39\n\
Etc/GMT-5 34\n\
Etc/GMT-6 41\n\
Etc/GMT-7 31\n\
Etc/GMT-8 30\n\
Etc/GMT-9 43\n\
Etc/GMT0 0\n\
Etc/Greenwich 0\n\
Etc/UCT 83\n\
Etc/UTC 83\n\
Etc/Universal 83\n\
Etc/Zulu 83\n\
Europe/Amsterdam 7\n\
Europe/Andorra 7\n\
Europe/Astrakhan 39\n\
Europe/Athens 46\n\
Europe/Belfast 84\n\
Europe/Belgrade 7\n\
Europe/Berlin 7\n\
Europe/Bratislava 7\n\
Europe/Brussels 7\n\
Europe/Bucharest 46\n\
Europe/Budapest 7\n\
Europe/Busingen 7\n\
Europe/Chisinau 85\n\
Europe/Copenhagen 7\n\
Europe/Dublin 72\n\
Europe/Gibraltar 7\n\
Europe/Guernsey 84\n\
Europe/Helsinki 46\n\
Europe/Isle_of_Man 84\n\
Europe/Istanbul 36\n\
Europe/Jersey 84\n\
Europe/Kaliningrad 9\n\
Europe/Kiev 46\n\
Europe/Kirov 86\n\
Europe/Kyiv 46\n\
Europe/Lisbon 63\n\
Europe/Ljubljana 7\n\
Europe/London 84\n\
Europe/Luxembourg 7\n\
Europe/Madrid 7\n\
Europe/Malta 7\n\
Europe/Mariehamn 46\n\
Europe/Minsk 36\n\
Europe/Monaco 7\n\
Europe/Moscow 86\n\
Europe/Nicosia 46\n\
Europe/Oslo 7\n\
Europe/Paris 7\n\
Europe/Podgorica 7\n\
Europe/Prague 7\n\
Europe/Riga 46\n\
Europe/Rome 7\n\
Europe/Samara 39\n\
Europe/San_Marino 7\n\
Europe/Sarajevo 7\n\
Europe/Saratov 39\n\
Europe/Simferopol 86\n\
Europe/Skopje 7\n\
Europe/Sofia 46\n\
Europe/Stockholm 7\n\
Europe/Tallinn 46\n\
Europe/Tirane 7\n\
Europe/Tiraspol 85\n\
Europe/Ulyanovsk 39\n\
Europe/Uzhgorod 46\n\
Europe/Vaduz 7\n\
Europe/Vatican 7\n\
Europe/Vienna 7\n\
Europe/Vilnius 46\n\
Europe/Volgograd 86\n\
Europe/Warsaw 7\n\
Europe/Zagreb 7\n\
Europe/Zaporozhye 46\n\
Europe/Zurich 7\n\
Factory 87\n\
GB 84\n\
GB-Eire 84\n\
GMT 0\n\
GMT+0 0\n\
GMT-0 0\n\
GMT0 0\n\
Greenwich 0\n\
HST 88\n\
Hongkong 48\n\
Iceland 0\n\
Indian/Antananarivo 1\n\
Indian/Chagos 41\n\
Indian/Christmas 31\n\
Indian/Cocos 59\n\
Indian/Comoro 1\n\
Indian/Kerguelen 34\n\
Indian/Mahe 39\n\
Indian/Maldives 34\n\
Indian/Mauritius 39\n\
Indian/Mayotte 1\n\
Indian/Reunion 39\n\
Iran 60\n\
Israel 51\n\
Jamaica 14\n\
Japan 61\n\
Kwajalein 38\n\
Libya 9\n\
MET 89\n\
MST 20\n\
MST7MDT 18\n\
Mexico/BajaNorte 22\n\
Mexico/BajaSur 20\n\
Mexico/General 15\n\
NZ 35\n\
NZ-CHAT 90\n\
Navajo 18\n\
PRC 44\n\
PST8PDT 22\n\
Pacific/Apia 80\n\
Pacific/Auckland 35\n\
Pacific/Bougainville 55\n\
Pacific/Chatham 90\n\
Pacific/Chuuk 32\n\
Pacific/Easter 71\n\
Pacific/Efate 55\n\
Pacific/Enderbury 80\n\
Pacific/Fakaofo 80\n\
Pacific/Fiji 38\n\
Pacific/Funafuti 38\n\
Pacific/Galapagos 76\n\
Pacific/Gambier 79\n\
Pacific/Guadalcanal 55\n\
Pacific/Guam 91\n\
Pacific/Honolulu 88\n\
Pacific/Johnston 88\n\
Pacific/Kanton 80\n\
Pacific/Kiritimati 81\n\
Pacific/Kosrae 55\n\
Pacific/Kwajalein 38\n\
Pacific/Majuro 38\n\
Pacific/Marquesas 92\n\
Pacific/Midway 93\n\
Pacific/Nauru 38\n\
Pacific/Niue 74\n\
Pacific/Norfolk 94\n\
Pacific/Noumea 55\n\
Pacific/Pago_Pago 93\n\
Pacific/Palau 43\n\
Pacific/Pitcairn 78\n\
Pacific/Pohnpei 55\n\
Pacific/Ponape 55\n\
Pacific/Port_Moresby 32\n\
Pacific/Rarotonga 73\n\
Pacific/Saipan 91\n\
Pacific/Samoa 93\n\
Pacific/Tahiti 73\n\
Pacific/Tarawa 38\n\
Pacific/Tongatapu 80\n\
Pacific/Truk 32\n\
Pacific/Wake 38\n\
Pacific/Wallis 38\n\
Pacific/Yap 32\n\
Poland 7\n\
Portugal 63\n\
ROC 44\n\
ROK 58\n\
Singapore 30\n\
Turkey 36\n\
UCT 83\n\
US/Alaska 11\n\
US/Aleutian 10\n\
US/Arizona 20\n\
US/Central 19\n\
US/East-Indiana 21\n\
US/Eastern 21\n\
US/Hawaii 88\n\
US/Indiana-Starke 19\n\
US/Michigan 21\n\
US/Mountain 18\n\
US/Pacific 22\n\
US/Samoa 93\n\
UTC 83\n\
Universal 83\n\
W-SU 86\n\
WET 63\n\
Zulu 83\n\
";
#[rustfmt::skip]
pub(super) const TRANSITIONS: &[(&str, &[(i64, i32)])] = &[
    ("Africa/Casablanca", &[(1735689600, 3600), (1740276000, 0), (1743904800, 3600), (1771120800, 0), (1774144800, 3600), (1801965600, 0), (1804989600, 3600), (1832205600, 0), (1835834400, 3600), (1863050400, 0), (1866074400, 3600), (1893290400, 0), (1896919200, 3600), (1924135200, 0), (1927159200, 3600), (1954980000, 0), (1958004000, 3600), (1985220000, 0), (1988848800, 3600), (2016064800, 0), (2019088800, 3600), (2046304800, 0), (2049933600, 3600), (2077149600, 0), (2080778400, 3600), (2107994400, 0), (2111018400, 3600), (2138234400, 0), (2141863200, 3600), (2169079200, 0), (2172103200, 3600), (2199924000, 0), (2202948000, 3600), (2208988800, 3600)]),
    ("Africa/El_Aaiun", &[(1735689600, 3600), (1740276000, 0), (1743904800, 3600), (1771120800, 0), (1774144800, 3600), (1801965600, 0), (1804989600, 3600), (1832205600, 0), (1835834400, 3600), (1863050400, 0), (1866074400, 3600), (1893290400, 0), (1896919200, 3600), (1924135200, 0), (1927159200, 3600), (1954980000, 0), (1958004000, 3600), (1985220000, 0), (1988848800, 3600), (2016064800, 0), (2019088800, 3600), (2046304800, 0), (2049933600, 3600), (2077149600, 0), (2080778400, 3600), (2107994400, 0), (2111018400, 3600), (2138234400, 0), (2141863200, 3600), (2169079200, 0), (2172103200, 3600), (2199924000, 0), (2202948000, 3600), (2208988800, 3600)]),
    ("Asia/Gaza", &[(1735689600, 7200), (1744416000, 10800), (1761346800, 7200), (1774656000, 10800), (1792796400, 7200), (1806105600, 10800), (1824850800, 7200), (1837555200, 10800), (1856300400, 7200), (1869004800, 10800), (1887750000, 7200), (1901059200, 10800), (1919199600, 7200), (1932508800, 10800), (1950649200, 7200), (1963958400, 10800), (1982703600, 7200), (1995408000, 10800), (2014153200, 7200), (2026857600, 10800), (2045602800, 7200), (2058307200, 10800), (2077052400, 7200), (2090361600, 10800), (2107897200, 7200), (2121811200, 10800), (2138742000, 7200), (2153260800, 10800), (2168982000, 7200), (2184710400, 10800), (2199826800, 7200), (2208988800, 7200)]),
    ("Asia/Hebron", &[(1735689600, 7200), (1744416000, 10800), (1761346800, 7200), (1774656000, 10800), (1792796400, 7200), (1806105600, 10800), (1824850800, 7200), (1837555200, 10800), (1856300400, 7200), (1869004800, 10800), (1887750000, 7200), (1901059200, 10800), (1919199600, 7200), (1932508800, 10800), (1950649200, 7200), (1963958400, 10800), (1982703600, 7200), (1995408000, 10800), (2014153200, 7200), (2026857600, 10800), (2045602800, 7200), (2058307200, 10800), (2077052400, 7200), (2090361600, 10800), (2107897200, 7200), (2121811200, 10800), (2138742000, 7200), (2153260800, 10800), (2168982000, 7200), (2184710400, 10800), (2199826800, 7200), (2208988800, 7200)]),
];
